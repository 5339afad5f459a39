"""Who votes for a unit: the unit names its voting delegate (its head; its officer proposes
and the head confirms) or adds an observer — only for itself (docs/architecture.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.org.models import User

from .. import delegates
from ..forms import DelegateForm, add_domain_errors
from ..rules import can
from .base import conference_url, member_units, refused, year_or_404
from .conference import conference_context


@login_required
@require_POST
def conference_delegate(request, pk: int, year: int):
    """The unit names its voting delegate (its head; its officer proposes, the head
    confirms) or adds an observer. Another unit's: 403, whoever asks."""
    cluster_year = year_or_404(request, pk, year)
    if not can(request.user, "voting.name_delegate", cluster_year):
        return forbidden(request, delegates.NOT_YOURS)
    units = member_units(cluster_year)
    accounts = list(User.objects.filter(unit__in=units, is_active=True))
    form = DelegateForm(request.POST, units=units, accounts=accounts)
    if form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.pk == d["unit"])
        user = next((a for a in accounts if a.pk == d["user"]), None)
        try:
            delegates.delegate_set(
                actor=request.user,
                cluster_year=cluster_year,
                unit=unit,
                kind=d["kind"],
                user=user,
                full_name=d["full_name"],
                position=d["position"],
                authorisation=d["authorisation"],
            )
            return redirect(conference_url(cluster_year))
        except InvalidInput as exc:
            add_domain_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            return refused(request, exc, conference_url(cluster_year))
    return render(request, "voting/conference.html", conference_context(request, cluster_year, delegate_form=form), status=400)


@login_required
@require_POST
def conference_delegate_confirm(request, pk: int, year: int):
    """The head confirms its officer's nomination of the unit's voting delegate."""
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not can(user, "voting.confirm_delegate", cluster_year):
        return forbidden(request, _("Chỉ người đứng đầu đơn vị được xác nhận người biểu quyết."))
    unit = next((u for u in member_units(cluster_year) if u.pk == user.unit_id), None)
    try:
        delegates.delegate_confirm(actor=user, cluster_year=cluster_year, unit=unit)
    except DomainError as exc:  # 409 nothing to confirm or frozen; 400 the account no longer fits (left the unit, lost its role)
        return refused(request, exc, conference_url(cluster_year))
    return redirect(conference_url(cluster_year))
