"""Scores as Vietnamese write them: "9,5" typed comes back "9,5" (not "9.5"), and "9.5" is
taken too; the criteria editor's maxima alike."""

from __future__ import annotations

import pytest

from tests.scoring.test_pages import html, url
from thidua.scoring import forms
from thidua.scoring.models import CriteriaTable, ScoreEntry

from .helpers import make_table, open_self_assessment

pytestmark = pytest.mark.django_db


def ids(world) -> dict[str, int]:
    return {c.code: c.pk for c in CriteriaTable.objects.get(cluster_year=world.cluster_year).criteria.all()}


@pytest.mark.parametrize("typed", ["9,5", "9.5"])
def test_a_score_with_a_decimal_comma_comes_back_with_it(world, client_for, typed):
    open_self_assessment(world)
    pk = ids(world)["I.1"]
    client = client_for(world.member_officer)
    response = client.post(url("scoring_self", world, world.member_unit.pk), {f"points-{pk}": typed})
    assert response.status_code == 302
    assert str(ScoreEntry.objects.get(criterion_id=pk).points) == "9.50"
    page = html(client.get(url("scoring_self", world, world.member_unit.pk)))
    assert f'name="points-{pk}" id="points-{pk}" form="sheet-form" value="9,5"' in page
    assert 'value="9.5"' not in page


def test_the_criteria_editor_shows_and_takes_decimal_commas(world, client_for):
    make_table(world, {"groups": [{"code": "I", "title": "Nhiệm vụ", "max_points": "7.5", "criteria": [
        {"code": "I.1", "title": "Tham mưu", "kind": "points", "max_points": "7.5"}]}]})
    page = html(client_for(world.organizer_officer).get(url("scoring_criteria", world)))
    assert 'value="7,5"' in page and 'value="7.5"' not in page
    posted = forms.table_from_post({"g-0-code": "I", "g-0-title": "Nhiệm vụ", "g-0-max": "7,5", "c-0-0-code": "I.1",
                                    "c-0-0-title": "Tham mưu", "c-0-0-kind": "points", "c-0-0-max": "7,5"})
    assert posted["groups"][0]["max_points"] == "7.5" and posted["groups"][0]["criteria"][0]["max_points"] == "7.5"
