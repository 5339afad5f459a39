"""get_FOO_display() through core.choices.ChoiceLabels: the same words as Django's own, in
each language, for every choice of every model — at the cost of one translation."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Membership


def choice_fields():
    for model in apps.get_models():
        if model.__module__.startswith("thidua."):
            for field in model._meta.concrete_fields:
                if field.choices:
                    yield model, field


def test_every_model_with_choices_takes_the_mixin():
    assert [m._meta.label for m, _f in choice_fields() if not issubclass(m, ChoiceLabels)] == []


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_label_is_djangos(language):
    with translation.override(language):
        for model, field in choice_fields():
            for value, label in field.flatchoices:
                obj = model(**{field.attname: value})
                shown = getattr(obj, f"get_{field.name}_display")()
                assert shown == str(label) == models.Model._get_FIELD_display(obj, field), (model, field.name, value)


def test_the_label_follows_the_language_of_the_request():
    year = ClusterYear(phase=ClusterYear._meta.get_field("phase").choices[0][0])
    with translation.override("vi"):
        vietnamese = year.get_phase_display()
    with translation.override("en"):
        english = year.get_phase_display()
    assert vietnamese != english


def test_a_value_that_is_not_a_choice_is_shown_as_it_is():
    assert Membership(role="observer").get_role_display() == "observer"
    assert Membership(role=None).get_role_display() is None
