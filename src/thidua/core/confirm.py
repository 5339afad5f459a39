"""Confirming an irreversible act (decision 0012): moving a phase, publishing, signing,
issuing a number, submitting a sheet, opening or closing a poll…

The view that performs such an act refuses to do it unless the POST carries
`confirmed=1`. Without it (no JavaScript, an old tab, a hand-made form) the view answers
with a confirmation page (`ask`) that says what will happen, its consequences and who is
told, and posts the same fields again with `confirmed=1`. With JavaScript, `confirm.js`
shows the same words in a modal before the first POST and adds the field itself, so one
click on "Xác nhận" does it. Either way nothing is written before the person has read
what will happen.

    confirmation = Confirmation(title=…, what=…, consequences=[…], button=…)
    if not is_confirmed(request):
        return ask(request, confirmation, back_url)

In a template, `{% load confirm %}<form … {% confirm_attrs confirmation %}>` gives the
form the modal's words (data-confirm…)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import render

FIELD = "confirmed"


@dataclass(frozen=True)
class Confirmation:
    title: str  # the question: "Chuyển năm 2026 sang giai đoạn “Tự chấm điểm”?"
    what: str  # what will happen, concretely
    consequences: list[str] = field(default_factory=list)  # what can no longer be done or undone
    notified: str = ""  # who is told
    button: str = ""  # the confirming button's label ("Xác nhận" when empty)
    danger: bool = False  # a red button (deleting, closing)


def is_confirmed(request) -> bool:
    return request.POST.get(FIELD) == "1"


def ask(request, confirmation: Confirmation, back_url: str, *, status: int = 200) -> HttpResponse:
    """The confirmation page: the act's words, and a form that posts the request's own
    fields again (files cannot be carried: acts with files are not confirmed this way)."""
    fields = [(name, value) for name, values in request.POST.lists() if name not in (FIELD, "csrfmiddlewaretoken") for value in values]
    context = {"confirmation": confirmation, "fields": fields, "action": request.get_full_path(), "back_url": back_url}
    return render(request, "core/confirm.html", context, status=status)
