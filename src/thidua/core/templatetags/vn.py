"""Template filters for Vietnamese display."""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def vn_date(value) -> str:
    """23/11/2022 — the way dates are written in Vietnamese administration."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d/%m/%Y")


@register.filter
def vn_datetime(value) -> str:
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%H:%M %d/%m/%Y")


@register.filter
def vn_long_date(value) -> str:
    """"ngày 05 tháng 02 năm 2026" (Decree 30/2020: days below 10 and months 1 and 2 take a
    leading zero)."""
    if not value:
        return ""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"
