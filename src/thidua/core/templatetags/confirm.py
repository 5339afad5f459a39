"""`{% confirm_attrs confirmation %}`: the data-confirm… attributes of a form whose act is
irreversible (thidua.core.confirm), read by core/static/core/confirm.js to show the modal."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def confirm_attrs(confirmation):
    if not confirmation:
        return ""
    attrs = [
        ("data-confirm", confirmation.what),
        ("data-confirm-title", confirmation.title),
        ("data-confirm-details", "\n".join(str(c) for c in confirmation.consequences)),
        ("data-confirm-notified", confirmation.notified),
        ("data-confirm-button", confirmation.button or _("Xác nhận")),
        ("data-confirm-cancel", _("Huỷ")),
    ]
    if confirmation.danger:
        attrs.append(("data-confirm-danger", "1"))
    return format_html_join(" ", '{}="{}"', ((name, value) for name, value in attrs if value))
