"""Reads never write: the rows a year needs (its rules, its conference) are made with the
year, in the same transaction and audited; reading them writes nothing; a data migration
gave every existing year its rows."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClusterFactory, UnitFactory
from thidua.core.errors import Conflict
from thidua.core.models import AuditEvent
from thidua.cycle import services
from thidua.cycle.models import YearSettings
from thidua.org.models import ClusterYear, Role
from thidua.org.services import cluster_year_set_members
from thidua.org.signals import year_created
from thidua.voting.models import Conference

pytestmark = pytest.mark.django_db


def writes(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_a_new_year_comes_with_its_rules_and_conference_audited(world):
    cluster = ClusterFactory(organizer=world.organizer)
    cy = cluster_year_set_members(actor=world.organizer_officer, cluster=cluster, year=2027, members=[(UnitFactory(), Role.LEADER)])
    assert YearSettings.objects.filter(cluster_year=cy).exists() and Conference.objects.filter(cluster_year=cy).exists()
    audited = set(AuditEvent.objects.filter(cluster_ref=cluster.pk).values_list("action", flat=True))
    assert {"year_settings.create", "conference.create", "cluster_year.set_members"} <= audited
    code = Conference.objects.get(cluster_year=cy).checkin_code
    assert len(code) == 6
    event = AuditEvent.objects.get(action="conference.create", cluster_ref=cluster.pk)
    assert code not in str(event.after) + str(event.before)  # the check-in code is never in the trail


def test_a_refused_row_rolls_the_year_back(world):
    def refuse(sender, **kwargs):
        raise Conflict("no")

    before = AuditEvent.objects.count()
    year_created.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(Conflict):
            cluster_year_set_members(actor=world.organizer_officer, cluster=world.cluster, year=2028, members=[])
    finally:
        year_created.disconnect(dispatch_uid="test.refuse")
    assert not ClusterYear.objects.filter(cluster=world.cluster, year=2028).exists()
    assert AuditEvent.objects.count() == before


def test_reading_a_year_without_rows_writes_nothing(world, api_for):
    bare = ClusterYear.objects.create(cluster=world.cluster, year=2030)  # made outside the services
    with CaptureQueriesContext(connection) as ctx:
        settings = services.year_settings_get(bare)
    assert settings.pk is None and settings.aggregation == "mean" and writes(ctx) == []
    assert not YearSettings.objects.filter(cluster_year=bare).exists()


def test_the_settings_endpoint_writes_nothing(world, api_for):
    client = api_for(world.member_delegate)
    url = f"/api/v1/clusters/{world.cluster.pk}/years/2026/settings/"
    YearSettings.objects.filter(cluster_year=world.cluster_year).delete()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200 and response.json()["aggregation"] == "mean"
    assert [sql for sql in writes(ctx) if "cycle_yearsettings" in sql] == []
    assert not YearSettings.objects.filter(cluster_year=world.cluster_year).exists()


def test_changing_the_rules_of_a_year_without_a_row_makes_it_audited(world):
    YearSettings.objects.filter(cluster_year=world.cluster_year).delete()
    services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year, changes={"aggregation": "median"})
    assert YearSettings.objects.get(cluster_year=world.cluster_year).aggregation == "median"
    assert AuditEvent.objects.filter(action="year_settings.update", cluster_ref=world.cluster.pk).exists()


@pytest.mark.parametrize(("app", "model"), [("cycle", YearSettings), ("voting", Conference)])
def test_the_backfill_gives_every_existing_year_its_row(world, app, model):
    model.objects.all().delete()
    migration = importlib.import_module(f"thidua.{app}.migrations." + ("0002" if app == "cycle" else "0005") + "_year_rows_backfill")
    migration.backfill(apps, None)
    assert set(model.objects.values_list("cluster_year_id", flat=True)) == set(ClusterYear.objects.values_list("pk", flat=True))
    migration.backfill(apps, None)  # idempotent
    assert model.objects.count() == ClusterYear.objects.count()
