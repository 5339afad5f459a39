"""The covenant (giao ước thi đua): its text, built from the launch on entering the phase
and edited by the leader, and each member's signature."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.org.models import ClusterYear, Membership, Phase, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import phases
from ..models import Covenant, CovenantSignature, Launch
from .common import MAX_TEXT


def _commitment(item: str) -> str:
    """"thực hiện tốt các nhiệm vụ chuyên môn" -> "Thi đua thực hiện tốt các nhiệm vụ chuyên môn."."""
    text = item.strip().rstrip(".;:")
    prefix = _("Thi đua")
    if text.lower().startswith(prefix.lower()):
        return text[:1].upper() + text[1:] + "."
    if text[:1].isupper() and not text[1:2].isupper():  # "Thực hiện …", not "UBND …"
        text = text[:1].lower() + text[1:]
    return f"{prefix} {text}."


def covenant_text_from_launch(cluster_year: ClusterYear, launch: Launch) -> str:
    """The covenant's first text: an introduction, one numbered commitment per launch
    item, and the closing commitment. Lines are paragraphs."""
    name = cluster_year.cluster.name
    title = launch.title.strip().rstrip(".")
    if title.lower().startswith(_("phong trào")):  # "Phong trào thi đua năm 2026 …" reads on in the sentence
        movement = title[:1].lower() + title[1:]
    else:
        movement = _("phong trào thi đua “{title}”").format(title=title)
    lines = [
        _("Thực hiện {movement} do đơn vị Cụm trưởng phát động, các đơn vị thành viên {cluster} "
          "thống nhất ký kết giao ước thi đua năm {year} với các nội dung sau:").format(
            movement=movement, cluster=name, year=cluster_year.year),
    ]
    for i, item in enumerate(launch.items, start=1):
        lines.append(f"{i}. {_commitment(item)}")
    lines.append(_("Các đơn vị cam kết tổ chức thực hiện nghiêm túc các nội dung trên; định kỳ sơ kết, tổng kết, đánh giá và báo cáo "
                   "kết quả về đơn vị Cụm trưởng theo quy chế hoạt động của Cụm./."))
    return "\n".join(lines)


def _covenant_for_update(cluster_year: ClusterYear) -> Covenant | None:
    return Covenant.objects.select_for_update().filter(cluster_year=cluster_year).first()


@transaction.atomic
def covenant_save_text(*, actor, cluster_year: ClusterYear, text: str) -> Covenant:
    """Edit the covenant's text (the secretariat or the organizer) until the first unit
    signs it."""
    phases.require_role(actor, "cycle.edit_covenant", cluster_year)
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "edit_covenant")
    text = "\n".join(line.rstrip() for line in text.strip().splitlines()) if isinstance(text, str) else ""
    if not text:
        raise InvalidInput(_("Nội dung giao ước không được để trống."), field="text")
    if len(text) > MAX_TEXT:
        raise InvalidInput(_("Nội dung giao ước dài quá {n} ký tự.").format(n=MAX_TEXT), field="text")
    covenant = _covenant_for_update(cluster_year)
    if covenant is not None and covenant.signatures.exists():
        raise Conflict(_("Đã có đơn vị ký giao ước; không thể sửa nội dung nữa."))
    before = {"text": covenant.text} if covenant else None
    if covenant is None:
        covenant = Covenant(cluster_year=cluster_year)
    if before and before["text"] == text:
        return covenant
    covenant.text, covenant.updated_by = text, actor
    covenant.save()
    _audit(actor, "covenant.save_text", covenant, cluster_year, before=before, after={"text": text})
    return covenant


@transaction.atomic
def covenant_sign(*, actor, cluster_year: ClusterYear, unit: Unit) -> CovenantSignature:
    """The head of a member unit signs the covenant for that unit, in the covenant phase.
    When the last member signs, the covenant is frozen."""
    phases.require_role(actor, "cycle.sign_covenant", cluster_year, _("Chỉ lãnh đạo đơn vị thành viên được ký giao ước thi đua."))
    if unit is None or unit.pk != actor.unit_id:
        raise Forbidden(_("Bạn chỉ được ký giao ước thay mặt đơn vị của mình."))
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "sign_covenant")
    covenant = _covenant_for_update(cluster_year)
    if covenant is None or not covenant.text.strip():
        raise Conflict(_("Giao ước thi đua chưa có nội dung để ký."))
    if covenant.is_frozen:
        raise Conflict(_("Giao ước thi đua đã được tất cả các đơn vị ký và đã khóa."))
    if covenant.signatures.filter(unit=unit).exists():
        raise Conflict(_("{unit} đã ký giao ước thi đua.").format(unit=unit.name))
    try:
        with transaction.atomic():
            signature = CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=actor, signed_at=timezone.now())
    except IntegrityError as exc:
        raise Conflict(_("{unit} đã ký giao ước thi đua.").format(unit=unit.name)) from exc
    _audit(actor, "covenant.sign", signature, cluster_year,
           after={"unit": unit.pk, "signed_by": actor.pk, "signed_at": signature.signed_at})
    members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True))
    signed = set(covenant.signatures.values_list("unit_id", flat=True))
    if members <= signed:
        covenant.frozen_at = signature.signed_at
        covenant.save(update_fields=["frozen_at"])
        _audit(actor, "covenant.freeze", covenant, cluster_year, after={"frozen_at": covenant.frozen_at, "signatures": len(signed)})
    return signature


def covenant_require_published_launch(cluster_year: ClusterYear) -> Launch:
    """Before the year enters the covenant phase (`phase_changing`, read-only): refuse (409)
    without a published launch."""
    launch = Launch.objects.filter(cluster_year=cluster_year).first()
    if launch is None or not launch.is_published:
        raise Conflict(_("Chưa thể chuyển sang giai đoạn “{phase}”: nội dung phát động thi đua chưa được công bố.").format(
            phase=Phase.COVENANT.label))
    return launch


def covenant_build_on_entering(*, actor, cluster_year: ClusterYear) -> Covenant:
    """Once the year has entered the covenant phase (`phase_changed`, after the change is
    recorded, same transaction): build the covenant's text from the launch if still empty."""
    launch = covenant_require_published_launch(cluster_year)
    covenant = _covenant_for_update(cluster_year)
    if covenant is not None and covenant.text.strip():
        return covenant
    if covenant is None:
        covenant = Covenant(cluster_year=cluster_year)
    covenant.text = covenant_text_from_launch(cluster_year, launch)
    covenant.updated_by = actor if getattr(actor, "pk", None) else None
    covenant.save()
    _audit(actor, "covenant.build", covenant, cluster_year, after={"text": covenant.text})
    return covenant
