"""The one owner of phase rules (cycle.phases, decision 0009): permissions that answer "may
this person do this now" with the phase included, while services and the API keep the
contract's 403 (no role) vs 409 (the role, the wrong phase, with the allowed phases); and
the trail shows a phase change before its effects."""

import pytest

from tests.api.helpers import assert_detail
from thidua.core.errors import Conflict, Forbidden
from thidua.core.models import AuditEvent
from thidua.core.permissions import can
from thidua.cycle import phases, services
from thidua.cycle.models import Launch
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org.models import Phase
from thidua.scoring.rules import SheetRef

from .conftest import published_launch, set_phase

pytestmark = pytest.mark.django_db


def base(world) -> str:
    return f"/api/v1/clusters/{world.cluster.pk}/years/2026/"


class TestHelpers:
    def test_order(self):
        assert phases.reached(Phase.RANKING, Phase.CROSS_SCORING) and not phases.reached(Phase.LAUNCHED, Phase.COVENANT)
        assert phases.before(Phase.LAUNCHED, Phase.COVENANT)
        assert phases.crossed(Phase.IN_PROGRESS, Phase.SELF_ASSESSMENT, Phase.SELF_ASSESSMENT)
        assert not phases.crossed(Phase.CROSS_SCORING, Phase.SELF_ASSESSMENT, Phase.SELF_ASSESSMENT)  # moving back
        assert phases.next_phase(Phase.PREPARING) == Phase.LAUNCHED and phases.next_phase(Phase.CLOSED) is None
        assert phases.allowed_phases("view_ranking") == ["ranking", "conference", "proposals", "closed"]

    def test_every_phase_permission_names_a_known_action(self):
        assert all(action in phases.RULES for _who, action in phases._PERMS.values())


class TestMayDoItNow:
    def test_can_includes_the_phase_and_has_role_does_not(self, world):
        cy = world.cluster_year
        assert can(world.deputy_officer, "cycle.edit_launch", cy)
        set_phase(world, Phase.COVENANT)
        assert not can(world.deputy_officer, "cycle.edit_launch", cy)
        assert phases.has_role(world.deputy_officer, "cycle.edit_launch", cy)
        assert not phases.has_role(world.member_officer, "cycle.edit_launch", cy)

    def test_signing_only_in_the_covenant_phase(self, world):
        published_launch(world)
        assert not can(world.member_head, "cycle.sign_covenant", world.cluster_year)
        covenant_year = set_phase(world, Phase.COVENANT)
        assert can(world.member_head, "cycle.sign_covenant", covenant_year)
        assert not can(world.member_officer, "cycle.sign_covenant", covenant_year)

    def test_scoring_sheets_follow_their_phase(self, world):
        ref = SheetRef(world.cluster_year, world.member_unit)
        assert not can(world.member_officer, "scoring.edit_self_sheet", ref)
        set_phase(world, Phase.SELF_ASSESSMENT)
        assert can(world.member_officer, "scoring.edit_self_sheet", ref)
        assert not can(world.leader_officer, "scoring.edit_self_sheet", ref)

    def test_the_service_says_403_without_the_role_and_409_with_it(self, world):
        set_phase(world, Phase.COVENANT)
        with pytest.raises(Forbidden):
            services.launch_save(actor=world.member_officer, cluster_year=world.cluster_year, title="T", items=["Một"])
        with pytest.raises(Conflict, match="“Chuẩn bị”, “Phát động”"):
            services.launch_save(actor=world.deputy_officer, cluster_year=world.cluster_year, title="T", items=["Một"])
        assert not Launch.objects.exists()

    def test_the_api_keeps_403_and_409_apart(self, world, api_for):
        set_phase(world, Phase.COVENANT)
        body = {"title": "Phong trào", "goals": "", "items": ["Một"]}
        assert_detail(api_for(world.member_officer).put(base(world) + "launch/", body, format="json"), 403)
        detail = assert_detail(api_for(world.deputy_officer).put(base(world) + "launch/", body, format="json"), 409)
        assert "soạn nội dung phát động" in detail and "“Phát động”" in detail
        assert not Launch.objects.exists()

    def test_the_launch_page_shows_no_form_in_the_wrong_phase(self, world, client_for):
        set_phase(world, Phase.COVENANT)
        page = client_for(world.deputy_officer).get(f"/cum/{world.cluster.pk}/nam/2026/phat-dong/")
        assert page.status_code == 200 and page.context["can_edit"] and not page.context["editable"]


class TestTheTrailShowsCausesFirst:
    def test_entering_the_covenant_phase_records_the_move_before_the_covenant_it_builds(self, world):
        published_launch(world)
        set_phase(world, Phase.LAUNCHED)
        cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
        assert actions[-2:] == ["cluster_year.set_phase", "covenant.build"]

    def test_a_refusal_before_the_move_writes_nothing(self, world):
        set_phase(world, Phase.LAUNCHED)  # no published launch
        with pytest.raises(Conflict, match="chưa được công bố"):
            cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        world.cluster_year.refresh_from_db()
        assert world.cluster_year.phase == Phase.LAUNCHED and not AuditEvent.objects.exists()

    def test_opening_self_assessment_records_the_move_before_freezing_the_table(self, world):
        from tests.scoring.helpers import make_table

        make_table(world)
        set_phase(world, Phase.IN_PROGRESS)
        cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.SELF_ASSESSMENT)
        actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
        assert actions[-2:] == ["cluster_year.set_phase", "criteria_table.freeze"]
