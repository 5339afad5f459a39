"""The pieces the scoring pages are made of: every download is private, the rule of who sees
a self-assessment as it is now (draft and unsubmitted files), and the form parsers."""

from __future__ import annotations

import pytest
import rules
from django.http import QueryDict
from django.urls import reverse

from thidua.core.permissions import can
from thidua.scoring import forms, services
from thidua.scoring.models import Evidence
from thidua.scoring.rules import SheetRef

from .helpers import PDF, media, open_self_assessment, scored_year, upload  # noqa: F401  (media: fixture)


def url(name, world, *args) -> str:
    return reverse(name, args=[world.cluster.pk, world.cluster_year.year, *args])


# --- downloads ---------------------------------------------------------------------------------------
def assert_private_attachment(response, filename: str) -> None:
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;") and filename in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_criteria_table_xlsx_is_private(world, client_for):
    open_self_assessment(world)
    response = client_for(world.member_officer).get(url("scoring_criteria_export", world))
    assert_private_attachment(response, "filename=\"Cum-thi-dua-so-1_2026_Bang-tieu-chi.xlsx\"")


def test_the_ranking_xlsx_is_private(world, client_for):
    scored_year(world)
    response = client_for(world.member_officer).get(url("scoring_ranking_export", world))
    assert_private_attachment(response, "filename=\"Cum-thi-dua-so-1_2026_Xep-hang.xlsx\"")


@pytest.mark.usefixtures("media")
def test_an_evidence_file_is_private(world, client_for):
    open_self_assessment(world)
    services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                             criterion_code="I.1", uploaded=upload("ke-hoach.pdf", PDF))  # fmt: skip
    response = client_for(world.member_officer).get(url("scoring_evidence", world, Evidence.objects.get().pk))
    assert_private_attachment(response, ".pdf")
    assert "sandbox" in response["Content-Security-Policy"]


# --- who sees a self-assessment as it is now -------------------------------------------------------------
def test_a_self_assessment_as_it_is_now_is_for_the_unit_the_secretariat_and_the_organizer(world):
    open_self_assessment(world)
    ref = SheetRef(world.cluster_year, world.member_unit)
    assert rules.perm_exists("scoring.view_self_drafts")
    allowed = {
        "its own officer": world.member_officer,
        "the leader unit's officer": world.leader_officer,
        "a deputy unit's officer": world.deputy_officer,
        "the organizer's officer": world.organizer_officer,
    }
    refused = {"another organizer's officer": world.other_organizer_officer}
    assert [who for who, user in allowed.items() if not can(user, "scoring.view_self_drafts", ref)] == []
    assert [who for who, user in refused.items() if can(user, "scoring.view_self_drafts", ref)] == []
    # A member unit that scores the leader sees only what the leader submitted.
    assert not can(world.member_officer, "scoring.view_self_drafts", SheetRef(world.cluster_year, world.leader_unit))


# --- form parsers ------------------------------------------------------------------------------------------
def test_the_table_editor_fields_become_the_api_shape_and_empty_rows_are_dropped():
    post = QueryDict(mutable=True)
    post.update({"g-0-code": " I ", "g-0-title": "Chuyên môn", "g-0-max": "20", "g-0-professional": "on",
                 "c-0-0-code": "I.1", "c-0-0-title": "Tham mưu", "c-0-0-kind": "points", "c-0-0-max": "10", "c-0-0-evidence": "on",
                 "c-0-1-code": "", "c-0-1-title": " ", "g-1-code": "", "g-1-title": ""})  # fmt: skip
    assert forms.table_from_post(post) == {"groups": [{
        "code": "I", "title": "Chuyên môn", "max_points": "20", "professional": True,
        "criteria": [{"code": "I.1", "title": "Tham mưu", "kind": "points", "max_points": "10", "evidence": True, "guidance": ""}],
    }]}  # fmt: skip


def test_assignment_pairs_and_the_next_page():
    post = QueryDict("a-3-1=on&a-1-3=on&x-1-2=on&a-1-2-3=on")
    assert sorted(forms.assignment_pairs(post)) == [(1, 3), (3, 1)]
    assert forms.next_url(QueryDict("next=/cum/1/nam/2026/"), "/d") == "/cum/1/nam/2026/"
    assert forms.next_url(QueryDict("next=https://evil.example/cum/"), "/d") == "/d"
    assert forms.next_url(QueryDict("next=/cum//evil.example"), "/d") == "/d"
