"""Submitting a self-assessment while criteria that require evidence have none: a warning
listing them and a confirmation (the default), or a refusal (400, nothing changed) when the
year's rules make evidence required before submitting — the page and the API alike, through
the one service."""

from __future__ import annotations

import pytest

from tests.scoring.test_api import self_url
from tests.scoring.test_pages import html, url
from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle import services as cycle_services
from thidua.cycle.models import YearSettings
from thidua.org.models import Phase
from thidua.scoring import services
from thidua.scoring.models import ScoreSheet

from .helpers import FULL, PDF, media, open_self_assessment, set_phase, upload  # noqa: F401  (media: a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(media):  # noqa: F811  (the fixture imported above)
    """Files go to a temporary MEDIA_ROOT (scoring's `media` fixture)."""
    return media


def draft(world):
    open_self_assessment(world)
    services.self_sheet_save(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit, entries=FULL)


def attach(world, code):
    services.evidence_upload(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                             criterion_code=code, uploaded=upload(f"{code}.pdf", PDF))


def status(world) -> str:
    return ScoreSheet.objects.get(cluster_year=world.cluster_year, unit=world.member_unit, kind="self").status


def make_blocking(world):
    # the leader may change the rules before self-assessment opens
    set_phase(world.cluster_year, Phase.IN_PROGRESS)
    cycle_services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                        changes={"evidence_required": True})
    set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)


def test_the_service_warns_with_the_list_then_submits_when_confirmed(world, media_root):
    draft(world)
    attach(world, "I.1")
    with pytest.raises(services.EvidenceMissing) as caught:
        services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit)
    assert [c.code for c in caught.value.criteria] == ["I.2"]
    assert str(caught.value.message) == "1 trong 2 tiêu chí bắt buộc minh chứng chưa có minh chứng: I.2 Hợp tác quốc tế."
    assert status(world) == "draft" and not AuditEvent.objects.filter(action="score_sheet.submit").exists()
    services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                               confirm_missing_evidence=True)
    assert status(world) == "submitted"


def test_with_every_file_there_is_no_warning(world, media_root):
    draft(world)
    attach(world, "I.1")
    attach(world, "I.2")
    services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit)
    assert status(world) == "submitted"


def test_the_year_setting_makes_it_blocking_even_when_confirmed(world, media_root):
    draft(world)
    make_blocking(world)
    assert YearSettings.objects.get(cluster_year=world.cluster_year).evidence_required is True
    with pytest.raises(InvalidInput) as caught:
        services.self_sheet_submit(actor=world.member_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                   confirm_missing_evidence=True)
    assert caught.value.errors["criteria"] == ["I.1", "I.2"]
    assert "I.1 Tham mưu chương trình đối ngoại; I.2 Hợp tác quốc tế" in str(caught.value.message)
    assert status(world) == "draft" and not AuditEvent.objects.filter(action="score_sheet.submit").exists()


def test_the_setting_is_validated(world):
    with pytest.raises(InvalidInput):
        cycle_services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                            changes={"evidence_required": "có"})


def test_the_page_lists_them_and_asks_to_confirm(world, client_for, media_root):
    draft(world)
    attach(world, "I.2")
    client = client_for(world.member_officer)
    page = html(client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirmed": "1"}))
    assert "1 trong 2 tiêu chí bắt buộc minh chứng chưa có minh chứng" in page
    assert "Tham mưu chương trình đối ngoại" in page and 'name="confirm_missing_evidence"' in page
    assert status(world) == "draft"
    assert client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirm_missing_evidence": "1"}).status_code == 302
    assert status(world) == "submitted"


def test_the_page_refuses_when_blocking(world, client_for, media_root):
    draft(world)
    make_blocking(world)
    client = client_for(world.member_officer)
    page = html(client.post(url("scoring_self_submit", world, world.member_unit.pk), {"confirm_missing_evidence": "1"}), 400)
    assert "2 trong 2 tiêu chí bắt buộc minh chứng" in page and "Vẫn nộp" not in page
    assert status(world) == "draft"


def test_the_api_same_rules(world, api_for, media_root):
    draft(world)
    api = api_for(world.member_officer)
    warned = api.post(self_url(world, world.member_unit) + "submit/", {"confirm_missing_evidence": False}, format="json")
    assert warned.status_code == 409 and "Hợp tác quốc tế" in str(warned.json())
    assert status(world) == "draft"
    make_blocking(world)
    refused = api.post(self_url(world, world.member_unit) + "submit/")  # the contract's call, without the flag
    assert refused.status_code == 400 and "I.2" in str(refused.json())
    assert status(world) == "draft"


def test_the_api_submits_as_the_contract_says_when_evidence_is_not_blocking(world, api_for, media_root):
    draft(world)
    submitted = api_for(world.member_officer).post(self_url(world, world.member_unit) + "submit/")
    assert submitted.status_code == 200 and status(world) == "submitted"
