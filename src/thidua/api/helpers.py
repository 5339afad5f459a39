"""The helpers every API view shares: finding the year in the reader's scope, reading the
body, parsing it with a serializer, and the permission check (thidua.core.permissions,
re-exported so that a view imports its helpers from one place).

Domain errors raised here or by the services become the contract's shapes in
thidua.api.errors (400 {field: [msgs]}, 403/404/409 {detail}); views never catch them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput
from thidua.core.permissions import can, require
from thidua.cycle.selectors import cluster_year_or_404
from thidua.org.models import ClusterYear

__all__ = ["body", "can", "parse", "readable_year", "require", "year_or_404"]


def year_or_404(user, pk: int, year: int) -> ClusterYear:
    """The year of cluster `pk` if `user` may see the cluster; 404 otherwise (never 403:
    that would tell that it exists). The pages' lookup: DRF answers its Http404 with the
    contract's {"detail": message}."""
    return cluster_year_or_404(user, pk, year)


def readable_year(user, pk: int, year: int, perm: str) -> ClusterYear:
    """The year, if `user` may see it (404) and has `perm` on it (403)."""
    cluster_year = year_or_404(user, pk, year)
    require(user, perm, cluster_year, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem."))
    return cluster_year


def body(request, allowed=None) -> dict:
    """The request's body, which must be a JSON object (400 otherwise); with `allowed`, a
    field outside it is refused (400 under its name) rather than silently ignored."""
    if not isinstance(request.data, dict):
        raise InvalidInput(_("Nội dung gửi lên phải là một đối tượng JSON."))
    unknown = sorted(set(request.data) - set(allowed)) if allowed is not None else []
    if unknown:
        message = _("Trường không được hỗ trợ.")
        raise InvalidInput(message, errors={name: [message] for name in unknown})
    return request.data


def parse(serializer_class, data, **kwargs) -> dict:
    """`data` validated by `serializer_class` (400 with the serializer's errors otherwise)."""
    form = serializer_class(data=data, **kwargs)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)
