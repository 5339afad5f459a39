"""Template tags of the year's pages and of the dashboard's task list."""

from django import template
from django.utils import timezone

from thidua.cycle.tasks import organizer_tasks, unit_tasks
from thidua.cycle.yearnav import nav_items

register = template.Library()


@register.simple_tag(takes_context=True)
def user_tasks(context):
    """What the signed-in user's unit must do now, soonest deadline first."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return unit_tasks(user) if user is not None else []


@register.simple_tag(takes_context=True)
def user_organizer_tasks(context):
    """The years of the organizer officer's clusters that wait for the organizer."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return organizer_tasks(user) if user is not None else []


@register.inclusion_tag("cycle/partials/year_nav.html", takes_context=True)
def year_nav(context, active: str = ""):
    """The year's one navigation (cycle.yearnav): every page of the year shows it, with
    its own item marked; only the items the person may see."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    cluster_year = context.get("cluster_year")
    items = nav_items(user, cluster_year) if user is not None and cluster_year is not None else []
    return {"items": items, "active": active}


@register.simple_tag
def today_vn():
    return timezone.localdate()


@register.filter
def days_until(day, today=None):
    """Whole days from today to `day` (negative when past)."""
    if not day:
        return None
    today = today or timezone.localdate()
    return (day - today).days


@register.filter
def absolute(value):
    return abs(value) if value is not None else None
