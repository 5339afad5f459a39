"""Dates as the portal shows them: "8:31, Thứ Bảy, 17/12/2022"."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _weekdays():
    return [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ Nhật")]


@register.filter
def portal_datetime(value) -> str:
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.hour}:{value.minute:02d}, {_weekdays()[value.weekday()]}, {value:%d/%m/%Y}"


@register.filter
def org_slug(organizer) -> str:
    from thidua.channel.slugs import organizer_slug

    return organizer_slug(organizer)


@register.filter
def cluster_slug(cluster) -> str:
    from thidua.channel.slugs import cluster_slug as slug

    return slug(cluster)
