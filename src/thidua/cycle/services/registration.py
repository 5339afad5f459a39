"""A member unit's registration (đăng ký thi đua) in answer to the published launch."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict, Forbidden
from thidua.core.errors import raise_errors as _raise
from thidua.org.models import ClusterYear, Unit

# The shared helpers under the short names this module's services have always used.
from thidua.org.year_writes import audit_year as _audit
from thidua.org.year_writes import lock_year as _locked

from .. import phases
from ..awards import award_kinds_by_code
from ..models import Registration
from .common import MAX_TEXT


@transaction.atomic
def registration_submit(
    *, actor, cluster_year: ClusterYear, unit: Unit, titles: list[str], commitments: str = ""
) -> tuple[Registration, bool]:
    """Register (or change the registration of) a member unit: the awards it aims for
    and its commitments. Only an officer of that unit. Returns (registration, created)."""
    phases.require_role(actor, "cycle.register", cluster_year, _("Chỉ cán bộ thi đua của đơn vị thành viên được đăng ký thi đua."))
    if unit is None or unit.pk != actor.unit_id:
        raise Forbidden(_("Bạn chỉ được đăng ký thi đua cho đơn vị của mình."))
    cluster_year = _locked(cluster_year)
    phases.require_phase(cluster_year, "register")
    errors: dict[str, list[str]] = {}
    catalogue = award_kinds_by_code()
    if not isinstance(titles, list) or not titles or not all(isinstance(t, str) for t in titles):
        errors["titles"] = [_("Cần chọn ít nhất một danh hiệu hoặc hình thức khen thưởng.")]
    else:
        unknown = [t for t in titles if t not in catalogue]
        if unknown:
            errors["titles"] = [_("Mã không có trong danh mục khen thưởng: {codes}.").format(codes=", ".join(unknown))]
        elif len(set(titles)) != len(titles):
            errors["titles"] = [_("Mỗi danh hiệu chỉ được chọn một lần.")]
    commitments = commitments.strip() if isinstance(commitments, str) else None
    if commitments is None:
        errors["commitments"] = [_("Cam kết phải là văn bản.")]
    elif len(commitments) > MAX_TEXT:
        errors["commitments"] = [_("Cam kết dài quá {n} ký tự.").format(n=MAX_TEXT)]
    _raise(errors)
    titles = [code for code in catalogue if code in titles]  # the catalogue's order
    registration = Registration.objects.select_for_update().filter(cluster_year=cluster_year, unit=unit).first()
    before = {"titles": registration.titles, "commitments": registration.commitments} if registration else None
    created = registration is None
    if created:
        registration = Registration(cluster_year=cluster_year, unit=unit)
    registration.titles, registration.commitments = titles, commitments
    registration.submitted_by, registration.submitted_at = actor, timezone.now()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the unit's other officer registered at the same moment
        raise Conflict(_("Đơn vị vừa được đăng ký bởi một thao tác khác; vui lòng tải lại trang.")) from exc
    _audit(actor, "registration.submit", registration, cluster_year, before=before,
           after={"unit": unit.pk, "titles": titles, "commitments": commitments})
    return registration, created
