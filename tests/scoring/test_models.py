"""The database backs the scoring rules that must hold whatever the code does: one sheet per
pair, a self sheet only by the unit itself, never a cross sheet of a unit by itself, no
matrix pair of a unit with itself, no negative points; evidence lands under a random
folder of MEDIA_ROOT/evidence/."""

import pytest
from django.db import IntegrityError, transaction

from thidua.scoring.models import Evidence, ScoreEntry, ScoreSheet, ScoringAssignment, evidence_path

from .helpers import make_table


@pytest.fixture
def table(world):
    return make_table(world, frozen=True)


def sheet(world, table, unit, scorer, kind, **kwargs):
    return ScoreSheet.objects.create(cluster_year=world.cluster_year, table=table, unit=unit, scorer=scorer, kind=kind, **kwargs)


@pytest.mark.parametrize(
    ("same", "kind"),
    [(False, "self"), (True, "cross"), (True, "panel")],
)
def test_self_sheets_are_by_the_unit_and_others_never_are(world, table, same, kind):
    scorer = world.member_unit if same else world.leader_unit
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet(world, table, world.member_unit, scorer, kind)


def test_one_sheet_per_pair(world, table):
    sheet(world, table, world.member_unit, world.leader_unit, "cross")
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet(world, table, world.member_unit, world.leader_unit, "cross")


def test_a_submitted_sheet_has_a_time(world, table):
    with pytest.raises(IntegrityError), transaction.atomic():
        sheet(world, table, world.member_unit, world.member_unit, "self", status="submitted")


def test_no_negative_points_and_one_entry_per_criterion(world, table):
    s = sheet(world, table, world.member_unit, world.member_unit, "self")
    criterion = table.criteria.get(code="I.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreEntry.objects.create(sheet=s, criterion=criterion, points=-1)
    ScoreEntry.objects.create(sheet=s, criterion=criterion, points=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreEntry.objects.create(sheet=s, criterion=criterion, points=2)


def test_no_matrix_pair_of_a_unit_with_itself(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringAssignment.objects.create(cluster_year=world.cluster_year, scorer=world.member_unit, unit=world.member_unit)


def test_evidence_path_is_random_and_ignores_the_name():
    item = Evidence(file_type="pdf")
    first, second = evidence_path(item, "../../etc/passwd"), evidence_path(item, "../../etc/passwd")
    assert first.startswith("evidence/") and first.endswith("/file.pdf") and ".." not in first
    assert first != second and len(first.split("/")[1]) == 32
