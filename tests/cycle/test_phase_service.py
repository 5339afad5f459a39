"""The service that moves a year between phases (cycle.phase_service) and its two hooks:
`phase_changing` (read-only, may refuse) and `phase_changed` (after the change is recorded)."""

import pytest

from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.cycle.signals import phase_changed, phase_changing
from thidua.org.models import Phase

pytestmark = pytest.mark.django_db


class TestPhase:
    def test_leader_moves_one_phase_forward(self, world):
        cy = cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        assert cy.phase == Phase.LAUNCHED
        assert AuditEvent.objects.get(action="cluster_year.set_phase").after == {"phase": "launched"}

    def test_skipping_phases_is_a_conflict(self, world):
        with pytest.raises(Conflict, match="giai đoạn kế tiếp là “Phát động”"):
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.RANKING)
        world.cluster_year.refresh_from_db()
        assert world.cluster_year.phase == Phase.PREPARING

    def test_same_phase_is_a_conflict(self, world):
        with pytest.raises(Conflict):
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.PREPARING)

    def test_moving_back_needs_the_organizer_and_a_reason(self, world):
        cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        with pytest.raises(Forbidden):
            cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.PREPARING, reason="x")
        with pytest.raises(InvalidInput, match="lý do"):
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.PREPARING)
        cy = cluster_year_set_phase(
            actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.PREPARING, reason="Nhập nhầm"
        )
        assert cy.phase == Phase.PREPARING
        assert AuditEvent.objects.filter(action="cluster_year.set_phase").first().reason == "Nhập nhầm"

    @pytest.mark.parametrize("who", ["deputy_officer", "member_officer", "member_delegate", "other_organizer", "outside_officer"])
    def test_others_may_not_move_the_phase(self, world, who):
        with pytest.raises(Forbidden):
            cluster_year_set_phase(actor=world.users()[who], cluster_year=world.cluster_year, phase=Phase.LAUNCHED)

    def test_unknown_phase_is_invalid(self, world):
        with pytest.raises(InvalidInput):
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase="voting")


class TestPhaseHooks:
    def test_a_changing_receiver_can_refuse_the_move_and_nothing_changes(self, world):
        def refuse(sender, cluster_year, old_phase, new_phase, **kwargs):
            if new_phase == Phase.LAUNCHED:
                raise Conflict("Chưa có nội dung phát động.")

        phase_changing.connect(refuse)
        try:
            with pytest.raises(Conflict, match="Chưa có nội dung phát động"):
                cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        finally:
            phase_changing.disconnect(refuse)
        world.cluster_year.refresh_from_db()
        assert world.cluster_year.phase == Phase.PREPARING
        assert not AuditEvent.objects.filter(action="cluster_year.set_phase").exists()

    def test_changing_receivers_see_the_year_before_the_move(self, world):
        seen = []

        def look(sender, cluster_year, old_phase, new_phase, **kwargs):
            seen.append((cluster_year.phase, AuditEvent.objects.filter(action="cluster_year.set_phase").count()))

        phase_changing.connect(look)
        try:
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        finally:
            phase_changing.disconnect(look)
        assert seen == [(Phase.PREPARING, 0)]

    def test_changed_receivers_run_after_the_change_is_recorded(self, world):
        seen = []

        def look(sender, cluster_year, old_phase, new_phase, **kwargs):
            event = AuditEvent.objects.filter(action="cluster_year.set_phase").last()
            seen.append((cluster_year.phase, old_phase, event.after if event else None))

        phase_changed.connect(look)
        try:
            cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        finally:
            phase_changed.disconnect(look)
        assert seen == [(Phase.LAUNCHED, Phase.PREPARING, {"phase": "launched"})]

    def test_a_failing_changed_receiver_rolls_the_change_back(self, world):
        def fail(sender, **kwargs):
            raise Conflict("Không được.")

        phase_changed.connect(fail)
        try:
            with pytest.raises(Conflict):
                cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.LAUNCHED)
        finally:
            phase_changed.disconnect(fail)
        world.cluster_year.refresh_from_db()
        assert world.cluster_year.phase == Phase.PREPARING
        assert not AuditEvent.objects.filter(action="cluster_year.set_phase").exists()
