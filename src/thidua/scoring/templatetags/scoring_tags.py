"""Template filters of the scoring pages."""

from django import template

from thidua.scoring.arithmetic import format_points, to_decimal

register = template.Library()


@register.filter
def points(value) -> str:
    """7.50 -> "7,5", 10.00 -> "10": points as written in Vietnamese text."""
    number = to_decimal(value)
    return "" if number is None else format_points(number)
