"""The organizer's decisions (Quyết định khen thưởng): the list, the form (each recipient's
eligibility shown beside it; a failing one needs its own override reason; the signed PDF
may be attached, its signatures checked), the detail with its awards and the signed copy's
check, the decision generated in the Decree 30 layout for signature (preview, .docx,
PDF) and the revocation of its awards (confirmed)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.confirm import Confirmation, ask, is_confirmed
from thidua.core.errors import Conflict, DomainError
from thidua.core.http import PDF, download, export_name, forbidden
from thidua.core.permissions import can
from thidua.cycle.awards import award_choices, award_kinds_by_code
from thidua.documents.models import SignatureCheck
from thidua.documents.responses import FORMATS, document_response
from thidua.org.models import Organizer
from thidua.org.rules import is_organizer_officer

from . import selectors, services
from .documents import decision_document, decision_filename

EXTRA_ROWS = 3
MAX_ROWS = 200


def _year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if services.YEAR_MIN <= year <= services.YEAR_MAX else default


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    return None


@login_required
@require_GET
def decisions(request):
    organizer_id = request.user.organizer_id if is_organizer_officer(request.user) else None
    year = _year(request.GET.get("year"), 0) or None
    context = {
        "decisions": selectors.decisions_of(None, year)[:200], "year": year,
        "may_record": bool(organizer_id) and can(request.user, "awards.record_decision", request.user.organizer),
    }  # fmt: skip
    return render(request, "awards/decisions.html", context)


def _posted_rows(request, units_by_id: dict) -> tuple[list[dict], list[str]]:
    rows, errors = [], []
    raw = request.POST.get("rows", "")
    count = min(int(raw), MAX_ROWS) if raw.isdigit() else 0
    kinds = award_kinds_by_code()
    for i in range(count):
        unit_id, code = request.POST.get(f"unit-{i}", ""), request.POST.get(f"award-{i}", "")
        reason = request.POST.get(f"reason-{i}", "").strip()
        if not unit_id and not code:
            continue
        unit = units_by_id.get(int(unit_id)) if unit_id.isdigit() else None
        if unit is None or code not in kinds:
            errors.append(_("Dòng {n}: chọn đơn vị và hình thức khen thưởng.").format(n=i + 1))
        rows.append({"unit": unit, "unit_id": unit_id, "award": code, "reason": reason})
    return rows, errors


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request):
    organizer: Organizer | None = request.user.organizer if is_organizer_officer(request.user) else None
    if organizer is None or not can(request.user, "awards.record_decision", organizer):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được ghi quyết định khen thưởng."))
    source = request.POST if request.method == "POST" else request.GET
    year = _year(source.get("year"), timezone.localdate().year - 1)
    units, proposals = selectors.decision_candidates(organizer.pk, year)
    units_by_id = {u.pk: u for u in units}
    errors: list[str] = []
    status = 200
    values = {"number": "", "date": "", "signer": "", "note": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        rows, errors = _posted_rows(request, units_by_id)
    else:
        rows = [{"unit": units_by_id.get(u), "unit_id": str(u), "award": code, "reason": ""} for u, code in proposals]
    day = _date(values["date"])
    if request.method == "POST" and not day:
        errors.append(_("Ngày ký không hợp lệ (ngày/tháng/năm)."))
    complete = [r for r in rows if r["unit"] is not None and r["award"]]
    if complete and not errors:
        results = services.recipients_checked([(r["unit"], r["award"]) for r in complete], year, day or timezone.localdate(),
                                              organizer_id=organizer.pk)  # fmt: skip
        for row, result in zip(complete, results, strict=True):
            row["eligibility"] = result
    if request.method == "POST" and request.POST.get("action") == "save" and not errors:
        try:
            decision = services.decision_record(
                actor=request.user, organizer=organizer, number=values["number"], date=day, signer=values["signer"], year=year,
                awards=[(r["unit"], r["award"]) for r in complete], note=values["note"],
                override_reasons={(r["unit"].pk, r["award"]): r["reason"] for r in complete if r["reason"]},
                signed_copy=request.FILES.get("signed_copy"),
            )  # fmt: skip
        except Conflict as exc:
            errors.append(str(exc.message))
            status = 409
        except DomainError as exc:
            errors += [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]
        else:
            messages.success(request, _("Đã ghi Quyết định số {number}; các khen thưởng đã vào sổ.").format(number=decision.number))
            return redirect("awards_decision", decision.pk)
    if errors and status == 200:
        status = 400
    rows += [{"unit": None, "unit_id": "", "award": "", "reason": ""} for _i in range(EXTRA_ROWS)]
    context = {
        "organizer": organizer, "year": year, "values": values, "rows": rows, "units": units, "kinds": award_choices(),
        "errors": errors, "checked": any("eligibility" in r for r in rows),
    }  # fmt: skip
    return render(request, "awards/decision_form.html", context, status=status)


def _presented(reports: list[dict]) -> list[dict]:
    return [{**r, "when": dt.datetime.fromisoformat(r["signed_at"]) if r.get("signed_at") else None} for r in reports or []]


def _revoke_confirmation(decision) -> Confirmation:
    return Confirmation(
        title=_("Hủy bỏ khen thưởng của Quyết định số {number}?").format(number=decision.number),
        what=_("Các khen thưởng được chọn được đánh dấu đã hủy bỏ, kèm lý do và căn cứ."),
        consequences=[
            _("Khen thưởng vẫn hiện trong sổ, ghi rõ đã hủy bỏ; không còn được tính khi xét điều kiện các năm sau."),
            _("Không thể hoàn tác trên hệ thống."),
        ],
        button=_("Hủy bỏ khen thưởng"),
        danger=True,
    )


@login_required
@require_GET
def decision_detail(request, pk: int):
    decision = selectors.decision_or_404(pk)
    awards = list(decision.awards.select_related("unit").order_by("award", "unit__name"))
    kinds = award_kinds_by_code()
    context = {
        "decision": decision,
        "awards": [{"award": a, "name": kinds[a.award].name if a.award in kinds else a.award} for a in awards],
        "may_document": can(request.user, "awards.record_decision", decision),
        "may_signed_copy": bool(decision.signed_copy) and can(request.user, "awards.view_signed_copy", decision),
        "signatures": _presented(decision.signed_copy_signatures),
        "verdict_label": SignatureCheck.Verdict(decision.signed_copy_verdict).label if decision.signed_copy_verdict else "",
        "may_revoke": can(request.user, "awards.record_decision", decision) and any(not a.revoked for a in awards),
        "confirmation": _revoke_confirmation(decision),
        "formats": FORMATS,
    }
    return render(request, "awards/decision_detail.html", context)


@login_required
@require_POST
def decision_revoke(request, pk: int):
    decision = selectors.decision_or_404(pk)
    back = reverse("awards_decision", args=[decision.pk])
    if not can(request.user, "awards.record_decision", decision):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được hủy bỏ khen thưởng."))
    if not is_confirmed(request):
        return ask(request, _revoke_confirmation(decision), back)
    units = [int(u) for u in request.POST.getlist("units") if u.isdigit()] or None
    try:
        rows = services.decision_revoke(
            actor=request.user, decision=decision, reason=request.POST.get("reason", ""), basis=request.POST.get("basis", ""), units=units
        )
    except DomainError as exc:
        for message in [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("Đã hủy bỏ {n} khen thưởng.").format(n=len(rows)))
    return redirect(back)


@login_required
@require_POST
def decision_signed_copy_add(request, pk: int):
    """The signed PDF of a decision recorded without it, added on the decision's page."""
    decision = selectors.decision_or_404(pk)
    back = reverse("awards_decision", args=[decision.pk])
    if not can(request.user, "awards.record_decision", decision):
        return forbidden(request, _("Chỉ cán bộ của cơ quan tổ chức được thêm bản đã ký của quyết định."))
    uploaded = request.FILES.get("signed_copy")
    if uploaded is None:
        messages.error(request, _("Chọn tệp PDF bản đã ký."))
        return redirect(back)
    try:
        services.decision_signed_copy_add(actor=request.user, decision=decision, signed_copy=uploaded)
    except DomainError as exc:
        for message in [str(m) for ms in exc.errors.values() for m in ms] or [str(exc.message)]:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("Đã thêm bản đã ký của quyết định."))
    return redirect(back)


@login_required
@require_GET
def decision_document_view(request, pk: int, fmt: str):
    decision = selectors.decision_or_404(pk)
    # the text names the proposing clusters: for the organizer's officers, who have it signed
    if not can(request.user, "awards.record_decision", decision):
        return forbidden(request, _("Chỉ cán bộ của cơ quan ra quyết định được tải văn bản để trình ký."))
    return document_response(decision_document(decision), fmt, decision_filename(decision))


@login_required
@require_GET
def decision_signed_copy(request, pk: int):
    """The signed PDF the decision was recorded from: its organizer's officers and the units
    it names; anyone else 404 (the file's existence does not leak)."""
    decision = selectors.decision_or_404(pk)
    if not decision.signed_copy or not can(request.user, "awards.view_signed_copy", decision):
        raise Http404(_("Không tìm thấy bản đã ký của quyết định."))
    with decision.signed_copy.open("rb") as handle:
        data = handle.read()
    return download(data, export_name(decision.organizer.symbol, decision.year, "Quyet-dinh", decision.number, "ban-da-ky", ext="pdf"), PDF)
