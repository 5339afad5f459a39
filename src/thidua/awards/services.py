"""Writes of the awards app: ratings, discipline records, carry-over of a predecessor's
years, decisions with their awards, revocation. Each checks the actor's permission,
validates, writes in one transaction and records an audit event in it."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Conflict, InvalidInput, raise_errors
from thidua.core.permissions import require
from thidua.cycle.awards import award_kinds_by_code
from thidua.org.models import Organizer, Unit

from . import eligibility
from .models import Award, Decision, DisciplineRecord, LineageCarryOver, Rating, UnitRating

YEAR_MIN, YEAR_MAX = 2000, 2100


def _check_year(unit: Unit, year) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidInput(_("Năm không hợp lệ."), errors={"year": [_("Năm không hợp lệ.")]})
    if not unit.existed_in_year(year):
        message = _("Đơn vị {unit} không tồn tại trong năm {year}.").format(unit=unit.name, year=year)
        raise InvalidInput(message, errors={"year": [message]})
    return year


def unit_rating_set(*, actor, unit: Unit, year: int, rating: str, note: str = "") -> UnitRating:
    """Enter or change a unit's rating for a year (the organizer whose clusters it was in)."""
    require(actor, "awards.rate_unit", unit, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được nhập xếp loại."))
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = [
            _("Mức xếp loại không hợp lệ: {value}. Chọn một trong: {choices}.").format(value=rating, choices=", ".join(Rating.values))
        ]
    if not isinstance(note, str) or len(note) > 2000:
        errors["note"] = [_("Ghi chú tối đa 2000 ký tự.")]
    raise_errors(errors)
    _check_year(unit, year)
    with transaction.atomic():
        row = UnitRating.objects.select_for_update().filter(unit=unit, year=year).first()
        before = snapshot(row, exclude=("updated_at",)) if row else None
        if row is None:
            row = UnitRating(unit=unit, year=year)
        row.rating, row.note, row.entered_by = rating, note, actor
        row.save()
        audit_record(
            actor=actor,
            action="unit_rating.set",
            obj=row,
            before=before,
            after=snapshot(row, exclude=("updated_at",)),
            organizer_id=actor.organizer_id,
        )
    return row


def discipline_record_add(*, actor, unit: Unit, year: int, subject: str, note: str = "") -> DisciplineRecord:
    require(actor, "awards.record_discipline", unit, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được ghi kỷ luật."))
    if subject not in DisciplineRecord.Subject.values:
        raise InvalidInput(_("Đối tượng kỷ luật không hợp lệ."), errors={"subject": [_("Chọn tập thể hoặc người đứng đầu.")]})
    _check_year(unit, year)
    with transaction.atomic():
        row = DisciplineRecord.objects.create(unit=unit, year=year, subject=subject, note=note, entered_by=actor)
        audit_record(
            actor=actor, action="discipline.add", obj=row, after=snapshot(row, exclude=("created_at",)), organizer_id=actor.organizer_id
        )
    return row


def lineage_carry_over_set(*, actor, successor: Unit, predecessor: Unit, reason: str) -> LineageCarryOver:
    """The organizer decides that `successor` counts `predecessor`'s years (with a reason)."""
    require(actor, "awards.carry_over", successor, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được quyết định kế thừa thành tích."))
    if not (reason or "").strip():
        raise InvalidInput(_("Cần nêu lý do kế thừa thành tích."), errors={"reason": [_("Cần nêu lý do kế thừa thành tích.")]})
    from thidua.org.selectors import unit_all_predecessors

    if predecessor.pk not in {u.pk for u in unit_all_predecessors(successor)}:
        message = _("{p} không phải đơn vị tiền thân của {s}.").format(p=predecessor.name, s=successor.name)
        raise InvalidInput(message, errors={"predecessor": [message]})
    with transaction.atomic():
        row, _created = LineageCarryOver.objects.update_or_create(
            successor=successor,
            predecessor=predecessor,
            defaults={"reason": reason.strip(), "organizer_id": actor.organizer_id, "decided_by": actor},
        )
        audit_record(
            actor=actor,
            action="lineage_carry_over.set",
            obj=row,
            reason=row.reason,
            after=snapshot(row, exclude=("created_at",)),
            organizer_id=actor.organizer_id,
        )
    return row


def lineage_carry_over_remove(*, actor, successor: Unit, predecessor: Unit) -> bool:
    """Back to the default: `successor`'s count restarts, without `predecessor`'s years."""
    require(actor, "awards.carry_over", successor, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được quyết định kế thừa thành tích."))
    with transaction.atomic():
        row = LineageCarryOver.objects.select_for_update().filter(successor=successor, predecessor=predecessor).first()
        if row is None:
            return False
        before = snapshot(row, exclude=("created_at",))
        row.delete()
        audit_record(actor=actor, action="lineage_carry_over.remove", obj=successor, before=before, organizer_id=actor.organizer_id)
    return True


def decision_record(
    *,
    actor,
    organizer: Organizer,
    number: str,
    date: dt.date,
    signer: str,
    year: int,
    awards: list[tuple[Unit, str]],
    override_reason: str = "",
    override_reasons: dict[tuple[int, str], str] | None = None,
    illustrative: bool = False,
    note: str = "",
    signed_copy=None,
) -> Decision:
    """Record a signed decision with the awards it confers. Refused (400, nothing saved):
    an unknown award code, a unit named twice for one award, a unit no longer in existence on
    the decision's date, the same unit for two forms of one achievement (flag and merit in one
    decision), and — unless `override_reason` is given, then kept on each award — any other
    failing eligibility check. `override_reasons` gives one recipient's own reason
    ({(unit id, code): reason}); a reason is kept only on the awards whose checks failed,
    with the checks it answers. A number the organizer already used that year: 409.
    `signed_copy` (an uploaded file): the decision recorded from its signed PDF, kept with
    its signatures' check (`_signed_copy_checked`; refused if not a PDF or tampered with)."""
    require(actor, "awards.record_decision", organizer, _("Chỉ cán bộ của cơ quan tổ chức được ghi quyết định khen thưởng."))
    number, signer = (number or "").strip(), (signer or "").strip()
    errors: dict[str, list] = {}
    if not number:
        errors["number"] = [_("Cần số quyết định.")]
    if not signer:
        errors["signer"] = [_("Cần người ký.")]
    if not awards:
        errors["awards"] = [_("Quyết định cần ít nhất một đơn vị được khen thưởng.")]
    kinds = award_kinds_by_code()
    seen = set()
    for unit, code in awards:
        if code not in kinds:
            errors.setdefault("awards", []).append(_("Hình thức khen thưởng không có trong danh mục: {code}.").format(code=code))
        elif (unit.pk, code) in seen:
            errors.setdefault("awards", []).append(_("{unit} được nêu hai lần cho {award}.").format(unit=unit.name, award=kinds[code].name))
        seen.add((unit.pk, code))
    raise_errors(errors)
    if Decision.objects.filter(organizer=organizer, year=year, number=number).exists():
        raise Conflict(_("Số quyết định {number} đã được dùng trong năm {year}.").format(number=number, year=year))
    results = recipients_checked(awards, year, date, organizer_id=organizer.pk)
    failing, overridable = [], []
    already = {
        (a.unit_id, a.award): a.decision.number
        for a in Award.objects.filter(unit__in=[u for u, _c in awards], year=year, revoked=False).select_related("decision")
    }
    for unit, code in awards:
        if (unit.pk, code) in already:
            failing.append(
                _("{unit} đã được tặng {award} năm {year} (Quyết định số {number}).").format(
                    unit=unit.name, award=kinds[code].name, year=year, number=already[(unit.pk, code)]
                )
            )
    reasons: dict[tuple[int, str], str] = {}
    for (unit, code), result in zip(awards, results, strict=True):
        own = ((override_reasons or {}).get((unit.pk, code)) or "").strip() or (override_reason or "").strip()
        for c in result.failing:
            line = f"{unit.name} — {kinds[code].name}: {c.name}: {c.detail}"
            # a dissolved unit and two forms of one achievement are refused whatever the reason
            if c.rule in ("exists", "one_form"):
                failing.append(line)
            elif own:
                reasons[(unit.pk, code)] = own
            else:
                overridable.append(line)
        if not unit.is_active_on(date) and not any(c.rule == "exists" for c in result.checks):
            end = unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else ""
            failing.append(
                f"{unit.name}: " + _("đơn vị không tồn tại vào ngày quyết định (giải thể, sáp nhập từ ngày {end}).").format(end=end)
            )
    if failing or overridable:
        raise InvalidInput(_("Có đơn vị chưa đạt điều kiện khen thưởng."), errors={"awards": failing + overridable})
    copy = _signed_copy_checked(signed_copy) if signed_copy is not None else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    organizer=organizer,
                    number=number,
                    date=date,
                    signer=signer,
                    year=year,
                    illustrative=illustrative,
                    note=note,
                    recorded_by=actor,
                )
        except IntegrityError as exc:  # a concurrent request took the number first
            raise Conflict(_("Số quyết định {number} đã được dùng trong năm {year}.").format(number=number, year=year)) from exc
        if copy is not None:
            data, decision.signed_copy_sha256, decision.signed_copy_verdict, decision.signed_copy_signatures = copy
            decision.signed_copy.save(f"{decision.signed_copy_sha256}.pdf", ContentFile(data), save=False)
            decision.save(update_fields=["signed_copy", "signed_copy_sha256", "signed_copy_verdict", "signed_copy_signatures"])
        rows = Award.objects.bulk_create(
            [
                Award(
                    unit=unit,
                    award=code,
                    year=year,
                    decision=decision,
                    override_reason=reasons.get((unit.pk, code), ""),
                    failed_checks=[c.as_dict() for c in result.failing] if (unit.pk, code) in reasons else [],
                )
                for (unit, code), result in zip(awards, results, strict=True)
            ]
        )
        reason = "; ".join(sorted(set(reasons.values())))
        audit_record(
            actor=actor,
            action="decision.record",
            obj=decision,
            reason=reason,
            organizer_id=organizer.pk,
            after={
                **snapshot(decision, exclude=("recorded_at", "signed_copy", "signed_copy_signatures")),
                "signers": [r["subject"] for r in decision.signed_copy_signatures],
                "awards": [{"unit": a.unit_id, "award": a.award, "override_reason": a.override_reason} for a in rows],
            },
        )
        # api-v1: the units of accepted dossiers named in `awards` become decided
        from .dossier_services import dossiers_decide

        dossiers_decide(actor=actor, decision=decision, unit_ids=[unit.pk for unit, _code in awards])
    return decision


def decision_signed_copy_add(*, actor, decision: Decision, signed_copy) -> Decision:
    """Attach the signed PDF to a decision recorded without it (recorded for signature, the
    signed original comes back later): checked as on the form (`_signed_copy_checked`),
    audited. A copy already there is not replaced (409): that would correct the record."""
    require(actor, "awards.record_decision", decision, _("Chỉ cán bộ của cơ quan tổ chức được thêm bản đã ký của quyết định."))
    if decision.signed_copy:
        raise Conflict(_("Quyết định đã có bản đã ký; không thay bản khác."))
    data, digest, verdict, signatures = _signed_copy_checked(signed_copy)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.signed_copy:
            raise Conflict(_("Quyết định đã có bản đã ký; không thay bản khác."))
        decision.signed_copy_sha256, decision.signed_copy_verdict, decision.signed_copy_signatures = digest, verdict, signatures
        decision.signed_copy.save(f"{digest}.pdf", ContentFile(data), save=False)
        decision.save(update_fields=["signed_copy", "signed_copy_sha256", "signed_copy_verdict", "signed_copy_signatures"])
        audit_record(
            actor=actor,
            action="decision.signed_copy_add",
            obj=decision,
            organizer_id=decision.organizer_id,
            after={"signed_copy_sha256": digest, "signed_copy_verdict": verdict, "signers": [r["subject"] for r in signatures]},
        )
    return decision


def _signed_copy_checked(uploaded) -> tuple[bytes, str, str, list[dict]]:
    """The signed copy's bytes, digest, verdict and signatures, checked as every signed PDF
    uploaded to ThiDua is (documents.signing: by content, size; each signature's signer, time,
    integrity). A copy whose signature is broken (changed after signing) is refused; an
    unsigned one (a scan of the paper original) or one whose certificate is not traced to a
    trusted root is kept, and the decision's page says so."""
    import hashlib

    from thidua.documents.models import SignatureCheck
    from thidua.documents.signing import pdf_upload_bytes, verify_pdf

    data = pdf_upload_bytes(uploaded)
    verdict, reports = verify_pdf(data)
    if verdict == SignatureCheck.Verdict.BROKEN:
        message = _("Bản đã ký không dùng được: chữ ký số không còn nguyên vẹn (nội dung tệp đã bị thay đổi sau khi ký).")
        raise InvalidInput(message, errors={"signed_copy": [message]})
    return data, hashlib.sha256(data).hexdigest(), verdict, reports


def recipients_checked(awards: list[tuple[Unit, str]], year: int, date: dt.date, *, organizer_id=None) -> list:
    """Each recipient's eligibility as the decision sees it: on its date, with the unit's
    other awards in the same decision counted as proposed for the same achievement."""
    by_unit: dict[int, set[str]] = {}
    for unit, code in awards:
        by_unit.setdefault(unit.pk, set()).add(code)
    results = [
        eligibility.check(unit, code, year, decision_date=date, proposed_also=by_unit[unit.pk] - {code}, organizer_id=organizer_id)
        for unit, code in awards
    ]
    if organizer_id is not None:
        _quota_checked(awards, results, year, organizer_id)
    return results


def _quota_checked(awards: list[tuple[Unit, str]], results: list, year: int, organizer_id: int) -> None:
    """The organizer's quota for the year — per cluster (the catalogue's `quota` rule as it
    adjusted it) × its clusters that year — counting the awards of the kind it already
    conferred that year (not revoked): a recipient beyond it fails a `quota` check, which
    needs an override reason as any other failing check does."""
    from thidua.org.models import ClusterYear

    from .adjustments import quota_per_cluster

    clusters = ClusterYear.objects.filter(cluster__organizer_id=organizer_id, year=year).count()
    kinds = award_kinds_by_code()
    quotas: dict[str, tuple] = {}  # the kind's quota per cluster and its rule, read once per kind
    before: dict[str, int] = {}  # the kind's awards conferred that year before this decision
    count: dict[str, int] = {}  # and with this decision's recipients so far
    for (_unit, code), result in zip(awards, results, strict=True):
        if code not in quotas:
            quotas[code] = quota_per_cluster(code, year, organizer_id)
        per_cluster, spec = quotas[code]
        if per_cluster is None or not clusters:
            continue
        if code not in before:
            before[code] = Award.objects.filter(decision__organizer_id=organizer_id, year=year, award=code, revoked=False).count()
            count[code] = before[code]
        count[code] += 1
        allowed = per_cluster * clusters
        detail = _("{name} năm {year}: đơn vị thứ {count}, chỉ tiêu {allowed} ({per_cluster} mỗi cụm × {clusters} cụm); "
                   "đã tặng {before} trước quyết định này").format(
            name=kinds[code].name, year=year, count=count[code], allowed=allowed, per_cluster=per_cluster, clusters=clusters,
            before=before[code])  # fmt: skip
        if count[code] > allowed:
            detail = _("Vượt chỉ tiêu — {detail}").format(detail=detail)
        result.checks.append(eligibility.Check("quota", count[code] <= allowed, detail, spec.basis.text, spec.basis.verify))


def decision_revoke(*, actor, decision: Decision, reason: str, basis: str, units=None) -> list[Award]:
    """Annul the decision's awards (of `units`, else all): they stay in the registry marked
    revoked, with the reason and basis, and stop counting for eligibility."""
    require(actor, "awards.record_decision", decision, _("Chỉ cán bộ của cơ quan tổ chức được hủy bỏ khen thưởng."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Cần nêu lý do hủy bỏ.")]
    if not (basis or "").strip():
        errors["basis"] = [_("Cần nêu căn cứ hủy bỏ.")]
    raise_errors(errors)
    with transaction.atomic():
        qs = Award.objects.select_for_update().filter(decision=decision, revoked=False)
        if units is not None:
            ids = {getattr(u, "pk", u) for u in units}
            unknown = ids - set(Award.objects.filter(decision=decision).values_list("unit_id", flat=True))
            if unknown:
                raise InvalidInput(
                    _("Đơn vị không có trong quyết định."),
                    errors={"units": [_("Đơn vị không có trong quyết định: {ids}.").format(ids=", ".join(map(str, sorted(unknown))))]},
                )
            qs = qs.filter(unit_id__in=ids)
        rows = list(qs)
        now = timezone.now()
        for a in rows:
            a.revoked, a.revoked_reason, a.revoked_basis, a.revoked_at = True, reason.strip(), basis.strip(), now
        Award.objects.bulk_update(rows, ["revoked", "revoked_reason", "revoked_basis", "revoked_at"])
        audit_record(
            actor=actor,
            action="decision.revoke",
            obj=decision,
            reason=reason.strip(),
            organizer_id=decision.organizer_id,
            after={"basis": basis.strip(), "awards": [{"unit": a.unit_id, "award": a.award} for a in rows]},
        )
    return rows


def year_ratings_set(*, actor, cluster_year, ratings: dict[int, tuple[str, str]]) -> int:
    """Enter several of a year's members' ratings at once ({unit id: (rating, note)}): all or
    nothing, each audited. Returns the number of ratings changed."""
    require(actor, "awards.rate_year", cluster_year, _("Chỉ cơ quan tổ chức của cụm được nhập xếp loại."))
    members = {u.pk: u for u in Unit.objects.filter(memberships__cluster_year=cluster_year)}
    unknown = set(ratings) - set(members)
    if unknown:
        raise InvalidInput(_("Đơn vị không thuộc cụm trong năm."), errors={"ratings": [_("Đơn vị không thuộc cụm trong năm.")]})
    current = {r.unit_id: (r.rating, r.note) for r in UnitRating.objects.filter(unit_id__in=list(ratings), year=cluster_year.year)}
    changed = 0
    with transaction.atomic():
        for unit_id, (rating, note) in sorted(ratings.items()):
            if current.get(unit_id) == (rating, note):
                continue
            unit_rating_set(actor=actor, unit=members[unit_id], year=cluster_year.year, rating=rating, note=note)
            changed += 1
    return changed


def year_discipline_add(*, actor, cluster_year, rows: list[tuple[Unit, str, str]]) -> int:
    """Several discipline records of a year's members at once (the .xlsx import): all or
    nothing, each audited."""
    require(actor, "awards.rate_year", cluster_year, _("Chỉ cơ quan tổ chức của cụm được ghi kỷ luật."))
    members = set(Unit.objects.filter(memberships__cluster_year=cluster_year).values_list("pk", flat=True))
    if any(unit.pk not in members for unit, _s, _n in rows):
        raise InvalidInput(_("Đơn vị không thuộc cụm trong năm."), field="file")
    with transaction.atomic():
        for unit, subject, note in rows:
            discipline_record_add(actor=actor, unit=unit, year=cluster_year.year, subject=subject, note=note)
    return len(rows)
