"""The notification centre and the e-mail preferences. Thin: a selector or a service, then
render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import NotFound

from . import forms, selectors, services

PAGE_SIZE = 20
PAGE_PARAM = "trang"


@login_required
@require_GET
def centre(request):
    unread_only = forms.unread_only(request.GET)
    page = Paginator(selectors.notifications_for(request.user, unread_only=unread_only), PAGE_SIZE).get_page(request.GET.get(PAGE_PARAM))
    return render(request, "notifications/centre.html", {"page": page, "unread_only": unread_only, "UNREAD": forms.UNREAD})


@login_required
@require_GET
def open_notification(request, pk: int):
    """Mark it read, then go where it points: only a path of this site (the centre otherwise)."""
    try:
        notification = services.notification_open(actor=request.user, notification_id=pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    if notification.link and services.is_local_path(notification.link):
        return redirect(notification.link)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request):
    n = services.notifications_mark_all_read(actor=request.user)
    if n:
        messages.success(request, _("Đã đánh dấu {n} thông báo là đã đọc.").format(n=n))
    return redirect(reverse("notifications:centre"))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        services.preferences_set(actor=request.user, email=forms.email_preferences(request.POST))
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"choices": selectors.email_choices(request.user), "has_email": bool(request.user.email)},
    )
