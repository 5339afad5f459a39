"""No model's default ordering names a relation: `ordering = ["cluster_year", …]` sorts by
the related model's own ordering, so every query of the model that does not order itself —
each `.first()`, each related manager — joined and sorted through the chain (a membership
through its year, cluster and organizer: four tables to read one row). Orderings name
columns (`cluster_year_id`), or a field across one relation on purpose (`unit__name`)."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models


def relation_orderings() -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("thidua."):
            continue
        for item in model._meta.ordering:
            if not isinstance(item, str):
                continue
            name = item.lstrip("-")
            try:  # "pk" and a lookup across a relation ("unit__name") are not fields
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, models.ForeignKey) and name == field.name:
                found.append(f"{model._meta.label}: {item!r} (order by {field.attname!r})")
    return found


def test_no_default_ordering_follows_a_relation():
    assert relation_orderings() == []


def test_the_check_sees_an_ordering_by_a_relation():
    from thidua.org.models import Membership

    saved = Membership._meta.ordering
    Membership._meta.ordering = ["cluster_year", "role"]
    try:
        assert relation_orderings() == ["org.Membership: 'cluster_year' (order by 'cluster_year_id')"]
    finally:
        Membership._meta.ordering = saved
