"""Services of the emulation year: permission, phase (409), validation (400), audit, and
nothing saved on refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import ClusterYearFactory, UnitFactory, UserFactory, add_member
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.cycle import services
from thidua.cycle.models import ConferencePlan, Covenant, CovenantSignature, Launch, Registration, YearSettings, share_of
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.documents.models import IssuedDocument
from thidua.org.models import ClusterYear, Phase, Role

from .conftest import ITEMS, covenant_phase, published_launch, set_phase

pytestmark = pytest.mark.django_db


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- settings -------------------------------------------------------------------------------------
class TestSettings:
    def test_defaults_are_those_of_the_domain_rules_and_made_with_the_year(self, world):
        settings = services.year_settings_get(world.cluster_year)
        assert settings.pk is not None and YearSettings.objects.filter(cluster_year=world.cluster_year).count() == 1
        assert settings.cross_scoring == "all" and settings.aggregation == "mean"
        assert settings.tie_break == ["total", "professional", "penalties"]
        assert settings.quorum_percent == Decimal("66.67")
        assert settings.quotas == {"flag": 1, "merit": 2}
        assert settings.thresholds["flag"] == {"base": "members", "percent": 70, "strict": False}
        assert settings.thresholds["merit"] == {"base": "members", "percent": 50, "strict": True}
        assert set(settings.thresholds) == {"flag", "merit", "leader", "deputy"}
        assert settings.document_symbol == "CTĐ"
        assert services.year_settings_get(world.cluster_year).pk == settings.pk  # read again: the same row

    @pytest.mark.parametrize(("members", "needed"), [(9, 6), (7, 5), (3, 2), (20, 14)])
    def test_the_quorum_of_two_thirds_is_exact(self, world, members, needed):
        assert services.year_settings_get(world.cluster_year).quorum_count(members) == needed

    def test_other_percentages_round_up(self):
        assert share_of(10, 70) == 7 and share_of(9, Decimal("50")) == Decimal("4.5")

    def test_the_leader_changes_rules_before_self_assessment_and_it_is_audited(self, world):
        services.year_settings_update(actor=world.leader_officer, cluster_year=world.cluster_year, changes={
            "aggregation": "trimmed_mean", "quotas": {"flag": 2}, "thresholds": {"flag": {"percent": 80}},
            "tie_break": ["total", "penalties"],
        })
        settings = YearSettings.objects.get(cluster_year=world.cluster_year)
        assert settings.aggregation == "trimmed_mean"
        assert settings.quotas == {"flag": 2, "merit": 2}  # merged, merit kept
        assert settings.thresholds["flag"] == {"base": "members", "percent": 80, "strict": False}
        assert settings.tie_break == ["total", "penalties"]
        (event,) = events("year_settings.update")
        assert event.before["aggregation"] == "mean" and event.after["aggregation"] == "trimmed_mean"
        assert event.actor_id == world.leader_officer.pk and event.cluster_ref == world.cluster.pk

    def test_the_leader_may_not_once_self_assessment_has_opened(self, world):
        set_phase(world, Phase.SELF_ASSESSMENT)
        with pytest.raises(Conflict, match="Tự chấm điểm"):
            services.year_settings_update(actor=world.leader_head, cluster_year=world.cluster_year, changes={"aggregation": "median"})
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"
        assert not events("year_settings.update")

    def test_an_unchanged_value_is_not_a_change_the_phase_refuses(self, world):
        set_phase(world, Phase.RANKING)
        services.year_settings_update(actor=world.leader_head, cluster_year=world.cluster_year, changes={"aggregation": "mean"})
        assert not events("year_settings.update")

    def test_the_organizer_may_until_cross_scoring_ends(self, world):
        set_phase(world, Phase.CROSS_SCORING)
        services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year, changes={"aggregation": "median"})
        assert services.year_settings_get(world.cluster_year).aggregation == "median"
        set_phase(world, Phase.RANKING)
        with pytest.raises(Conflict):
            services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year, changes={"aggregation": "mean"})
        assert services.year_settings_get(world.cluster_year).aggregation == "median"

    @pytest.mark.parametrize("user", ["deputy_officer", "member_officer", "member_head", "other_organizer_officer", "outside_officer"])
    def test_others_may_not(self, world, user):
        with pytest.raises(Forbidden):
            services.year_settings_update(actor=getattr(world, user), cluster_year=world.cluster_year, changes={"aggregation": "median"})
        assert not YearSettings.objects.filter(aggregation="median").exists()

    @pytest.mark.parametrize(("changes", "field"), [
        ({"cross_scoring": "everyone"}, "cross_scoring"),
        ({"aggregation": "max"}, "aggregation"),
        ({"aggregation": "panel_adjusted"}, "aggregation"),  # needs the panel mode
        ({"tie_break": ["professional", "total"]}, "tie_break"),
        ({"tie_break": ["total", "total"]}, "tie_break"),
        ({"tie_break": ["total", "luck"]}, "tie_break"),
        ({"tie_break": []}, "tie_break"),
        ({"quorum_percent": 0}, "quorum_percent"),
        ({"quorum_percent": "101"}, "quorum_percent"),
        ({"quorum_percent": 66.666}, "quorum_percent"),
        ({"quorum_percent": True}, "quorum_percent"),
        ({"quotas": {"flag": -1}}, "quotas"),
        ({"quotas": {"cup": 1}}, "quotas"),
        ({"quotas": [1, 2]}, "quotas"),
        ({"thresholds": {"flag": {"base": "everyone"}}}, "thresholds"),
        ({"thresholds": {"flag": {"percent": 0}}}, "thresholds"),
        ({"thresholds": {"flag": {"strict": "yes"}}}, "thresholds"),
        ({"thresholds": {"prize": {"percent": 50}}}, "thresholds"),
        ({"document_symbol": "C/TĐ"}, "document_symbol"),
        ({"colour": "red"}, "non_field_errors"),
    ])
    def test_bad_values_are_refused_with_the_field_and_nothing_is_saved(self, world, changes, field):
        with pytest.raises(InvalidInput) as caught:
            services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                          changes={**changes, "aggregation": changes.get("aggregation", "median")})
        assert field in caught.value.errors and all(isinstance(m, str) and m for m in caught.value.errors[field])
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"

    def test_panel_adjusted_goes_with_the_panel(self, world):
        services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                      changes={"cross_scoring": "panel", "aggregation": "panel_adjusted"})
        assert services.year_settings_get(world.cluster_year).aggregation == "panel_adjusted"


class TestDeadlines:
    def test_set_change_and_remove_in_phase_order_with_audit(self, world):
        cy = services.year_deadlines_set(actor=world.leader_officer, cluster_year=world.cluster_year,
                                         deadlines={"covenant": "2026-02-28", "launched": "2026-01-31"})
        assert list(cy.deadlines.items()) == [("launched", "2026-01-31"), ("covenant", "2026-02-28")]
        services.year_deadlines_set(actor=world.organizer_officer, cluster_year=world.cluster_year, deadlines={"covenant": None})
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines == {"launched": "2026-01-31"}
        first, second = events("cluster_year.set_deadlines")
        assert first.before == {"deadlines": {}} and second.after == {"deadlines": {"launched": "2026-01-31"}}

    @pytest.mark.parametrize("deadlines", [
        {"launched": "2026-02-30"},
        {"launched": "31/01/2026"},
        {"harvest": "2026-01-31"},
        {"launched": "2029-01-31"},  # more than a year after
        {"launched": "2026-03-01", "covenant": "2026-02-01"},  # backwards
        {"launched": 20260131},
    ])
    def test_bad_deadlines_are_refused_and_nothing_is_saved(self, world, deadlines):
        with pytest.raises(InvalidInput) as caught:
            services.year_deadlines_set(actor=world.organizer_officer, cluster_year=world.cluster_year, deadlines=deadlines)
        assert caught.value.errors["deadlines"]
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines == {}

    def test_the_leader_may_still_set_the_conference_date_late_in_the_year(self, world):
        set_phase(world, Phase.RANKING)
        services.year_deadlines_set(actor=world.leader_head, cluster_year=world.cluster_year, deadlines={"conference": "2026-12-20"})
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).deadlines == {"conference": "2026-12-20"}

    def test_not_once_the_year_is_closed(self, world):
        set_phase(world, Phase.CLOSED)
        with pytest.raises(Conflict):
            services.year_deadlines_set(actor=world.organizer_officer, cluster_year=world.cluster_year, deadlines={"closed": "2027-03-01"})

    def test_members_may_not(self, world):
        with pytest.raises(Forbidden):
            services.year_deadlines_set(actor=world.member_officer, cluster_year=world.cluster_year, deadlines={"launched": "2026-01-31"})

    def test_rules_and_deadlines_together_report_every_error_and_save_nothing(self, world):
        with pytest.raises(InvalidInput) as caught:
            services.year_rules_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                       changes={"aggregation": "median", "quotas": {"flag": -2}}, deadlines={"launched": "nope"})
        assert set(caught.value.errors) == {"quotas", "deadlines"}
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"

    def test_valid_rules_are_not_saved_when_the_deadlines_are_wrong(self, world):
        with pytest.raises(InvalidInput):
            services.year_rules_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                                       changes={"aggregation": "median"}, deadlines={"launched": "2026-13-01"})
        assert services.year_settings_get(world.cluster_year).aggregation == "mean"
        assert not events("year_settings.update")


# --- launch ---------------------------------------------------------------------------------------------
class TestLaunch:
    def save(self, user, world, **kwargs):
        data = {"title": "Phong trào thi đua năm 2026", "goals": "Mục tiêu", "items": list(ITEMS)} | kwargs
        return services.launch_save(actor=user, cluster_year=world.cluster_year, **data)

    def test_the_secretariat_writes_it_and_items_keep_their_order(self, world):
        launch = self.save(world.deputy_officer, world, items=["  b  nội dung ", "", "a nội dung"])
        assert launch.items == ["b nội dung", "a nội dung"] and not launch.is_published
        (event,) = events("launch.save")
        assert event.before is None and event.after["items"] == ["b nội dung", "a nội dung"]

    @pytest.mark.parametrize("user", ["member_officer", "member_head", "outside_officer", "other_organizer_officer"])
    def test_others_may_not(self, world, user):
        with pytest.raises(Forbidden):
            self.save(getattr(world, user), world)
        assert not Launch.objects.exists()

    @pytest.mark.parametrize(("kwargs", "field"), [({"title": "  "}, "title"), ({"items": []}, "items"), ({"items": ["", " "]}, "items"),
                                                   ({"items": "một"}, "items"), ({"items": ["x"] * 31}, "items")])
    def test_bad_input(self, world, kwargs, field):
        with pytest.raises(InvalidInput) as caught:
            self.save(world.leader_officer, world, **kwargs)
        assert field in caught.value.errors
        assert not Launch.objects.exists()

    def test_refused_once_the_covenant_phase_has_begun(self, world):
        set_phase(world, Phase.COVENANT)
        with pytest.raises(Conflict, match="Chuẩn bị"):
            self.save(world.leader_officer, world)
        assert not Launch.objects.exists()

    def test_publishing_moves_a_year_in_preparation_to_launched(self, world):
        self.save(world.leader_officer, world)
        launch = services.launch_publish(actor=world.leader_head, cluster_year=world.cluster_year)
        assert launch.is_published and launch.published_by == world.leader_head
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).phase == Phase.LAUNCHED
        assert [e.action for e in AuditEvent.objects.filter(action__in=["launch.publish", "cluster_year.set_phase"]).order_by("id")] == [
            "launch.publish", "cluster_year.set_phase"]

    def test_publishing_twice_or_nothing_is_a_conflict(self, world):
        with pytest.raises(Conflict, match="Chưa có nội dung"):
            services.launch_publish(actor=world.leader_head, cluster_year=world.cluster_year)
        self.save(world.leader_officer, world)
        services.launch_publish(actor=world.organizer_officer, cluster_year=world.cluster_year)
        with pytest.raises(Conflict, match="đã được công bố"):
            services.launch_publish(actor=world.organizer_officer, cluster_year=world.cluster_year)
        assert len(events("launch.publish")) == 1

    def test_only_the_leader_unit_or_the_organizer_publishes(self, world):
        self.save(world.leader_officer, world)
        with pytest.raises(Forbidden):
            services.launch_publish(actor=world.deputy_officer, cluster_year=world.cluster_year)
        assert not Launch.objects.get().is_published
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).phase == Phase.PREPARING


# --- registration ---------------------------------------------------------------------------------------
class TestRegistration:
    def register(self, user, world, unit=None, **kwargs):
        data = {"titles": ["labour_excellent", "flag_ministry"], "commitments": "Hoàn thành xuất sắc nhiệm vụ"} | kwargs
        return services.registration_submit(actor=user, cluster_year=world.cluster_year, unit=unit or user.unit, **data)

    def test_an_officer_registers_the_unit_then_changes_it(self, world):
        set_phase(world, Phase.LAUNCHED)
        registration, created = self.register(world.member_officer, world, titles=["flag_ministry", "labour_excellent"])
        assert created and registration.titles == ["labour_excellent", "flag_ministry"]  # the catalogue's order
        again, created = self.register(world.member_officer, world, titles=["labour_advanced"], commitments="")
        assert not created and again.pk == registration.pk and again.titles == ["labour_advanced"]
        first, second = events("registration.submit")
        assert first.before is None and second.before["titles"] == ["labour_excellent", "flag_ministry"]

    @pytest.mark.parametrize("user", ["member_head", "member_delegate", "organizer_officer", "admin", "outside_officer"])
    def test_only_officers_of_member_units(self, world, user):
        set_phase(world, Phase.LAUNCHED)
        user = getattr(world, user)
        with pytest.raises(Forbidden):
            self.register(user, world, unit=user.unit or world.member_unit)
        assert not Registration.objects.exists()

    def test_an_officer_registers_only_their_own_unit(self, world):
        set_phase(world, Phase.LAUNCHED)
        with pytest.raises(Forbidden, match="của mình"):
            self.register(world.member_officer, world, unit=world.leader_unit)
        assert not Registration.objects.exists()

    @pytest.mark.parametrize(("titles", "message"), [([], "ít nhất một"), (["gold_medal"], "gold_medal"),
                                                     (["labour_excellent", "labour_excellent"], "một lần"), ("flag_ministry", "ít nhất")])
    def test_titles_come_from_the_catalogue(self, world, titles, message):
        set_phase(world, Phase.LAUNCHED)
        with pytest.raises(InvalidInput, match=message) as caught:
            self.register(world.member_officer, world, titles=titles)
        assert "titles" in caught.value.errors
        assert not Registration.objects.exists()

    @pytest.mark.parametrize("phase", [Phase.PREPARING, Phase.SELF_ASSESSMENT, Phase.CLOSED])
    def test_refused_outside_its_phases(self, world, phase):
        set_phase(world, phase)
        with pytest.raises(Conflict, match="đăng ký thi đua"):
            self.register(world.member_officer, world)
        assert not Registration.objects.exists()


# --- covenant ---------------------------------------------------------------------------------------------
class TestEnteringTheCovenantPhase:
    def test_refused_without_a_published_launch(self, world):
        set_phase(world, Phase.LAUNCHED)
        Launch.objects.create(cluster_year=world.cluster_year, title="Nháp", items=["a"])
        with pytest.raises(Conflict, match="chưa được công bố"):
            cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        assert ClusterYear.objects.get(pk=world.cluster_year.pk).phase == Phase.LAUNCHED
        assert not Covenant.objects.exists() and not events("cluster_year.set_phase")

    def test_builds_the_text_from_the_launch_items(self, world):
        set_phase(world, Phase.LAUNCHED)
        published_launch(world)
        cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        text = Covenant.objects.get().text
        lines = text.splitlines()
        assert "Cụm thi đua số 1" in lines[0] and "năm 2026" in lines[0]
        assert lines[1:5] == [
            "1. Thi đua thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
            "2. Thi đua thực hiện tốt các nhiệm vụ chuyên môn.",
            "3. Thi đua xây dựng đơn vị vững mạnh, cơ quan văn hóa.",
            "4. Thi đua thực hiện tốt các nhiệm vụ về thi đua, khen thưởng.",
        ]
        assert events("covenant.build")[0].actor_id == world.leader_officer.pk

    def test_a_title_that_is_not_a_movement_s_name_is_quoted(self, world):
        set_phase(world, Phase.LAUNCHED)
        launch = published_launch(world, items=["Thi đua đẩy mạnh cải cách hành chính", "UBND tỉnh giao chỉ tiêu"])
        Launch.objects.filter(pk=launch.pk).update(title="Đoàn kết, sáng tạo, về đích sớm")
        cluster_year_set_phase(actor=world.leader_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        lines = Covenant.objects.get().text.splitlines()
        assert lines[0].startswith("Thực hiện phong trào thi đua “Đoàn kết, sáng tạo, về đích sớm” do đơn vị Cụm trưởng phát động")
        assert lines[1:3] == ["1. Thi đua đẩy mạnh cải cách hành chính.", "2. Thi đua UBND tỉnh giao chỉ tiêu."]

    def test_keeps_a_text_the_secretariat_already_wrote(self, world):
        set_phase(world, Phase.LAUNCHED)
        published_launch(world)
        services.covenant_save_text(actor=world.deputy_officer, cluster_year=world.cluster_year, text="Giao ước riêng của Cụm.")
        cluster_year_set_phase(actor=world.organizer_officer, cluster_year=world.cluster_year, phase=Phase.COVENANT)
        assert Covenant.objects.get().text == "Giao ước riêng của Cụm."


class TestCovenantText:
    def test_the_secretariat_edits_until_the_first_signature(self, world):
        covenant_phase(world)
        services.covenant_save_text(actor=world.deputy_officer, cluster_year=world.cluster_year, text="  Nội dung mới.  \n2. Hai. ")
        assert Covenant.objects.get().text == "Nội dung mới.\n2. Hai."
        services.covenant_sign(actor=world.member_head, cluster_year=world.cluster_year, unit=world.member_unit)
        with pytest.raises(Conflict, match="Đã có đơn vị ký"):
            services.covenant_save_text(actor=world.leader_officer, cluster_year=world.cluster_year, text="Sửa sau khi ký")
        assert Covenant.objects.get().text == "Nội dung mới.\n2. Hai."

    def test_members_may_not_edit(self, world):
        covenant_phase(world, text="Gốc")
        with pytest.raises(Forbidden):
            services.covenant_save_text(actor=world.member_officer, cluster_year=world.cluster_year, text="Sửa")
        assert Covenant.objects.get().text == "Gốc"

    def test_not_after_the_covenant_phase_nor_empty(self, world):
        covenant_phase(world, text="Gốc")
        with pytest.raises(InvalidInput):
            services.covenant_save_text(actor=world.leader_officer, cluster_year=world.cluster_year, text=" \n ")
        set_phase(world, Phase.IN_PROGRESS)
        with pytest.raises(Conflict):
            services.covenant_save_text(actor=world.leader_officer, cluster_year=world.cluster_year, text="Sửa")
        assert Covenant.objects.get().text == "Gốc"


class TestCovenantSigning:
    def sign(self, user, world, unit=None):
        return services.covenant_sign(actor=user, cluster_year=world.cluster_year, unit=unit or user.unit)

    def test_a_head_signs_for_the_unit_and_it_is_audited(self, world):
        covenant_phase(world)
        signature = self.sign(world.member_head, world)
        assert signature.unit == world.member_unit and signature.signed_by == world.member_head
        (event,) = events("covenant.sign")
        assert event.actor_id == world.member_head.pk and event.after["unit"] == world.member_unit.pk
        assert not Covenant.objects.get().is_frozen

    def test_signing_twice_is_a_conflict(self, world):
        covenant_phase(world)
        self.sign(world.member_head, world)
        with pytest.raises(Conflict, match="đã ký"):
            self.sign(world.member_head, world)
        assert CovenantSignature.objects.count() == 1

    def test_a_concurrent_duplicate_is_a_conflict_not_an_error(self, world, monkeypatch):
        covenant_phase(world)
        other_head = UserFactory(unit=world.member_unit, is_unit_head=True)
        real_create = CovenantSignature.objects.create

        def racing_create(**kwargs):
            # Another head of the same unit signs between the check and the insert.
            real_create(**{**kwargs, "signed_by": other_head})
            return real_create(**kwargs)

        monkeypatch.setattr(CovenantSignature.objects, "create", racing_create)
        with pytest.raises(Conflict, match="đã ký"):
            self.sign(world.member_head, world)
        monkeypatch.undo()
        assert not events("covenant.sign")

    def test_the_database_refuses_a_second_signature_of_a_unit(self, world):
        covenant = covenant_phase(world)
        CovenantSignature.objects.create(covenant=covenant, unit=world.member_unit, signed_by=world.member_head, signed_at=timezone.now())
        with pytest.raises(IntegrityError):
            CovenantSignature.objects.create(
                covenant=covenant, unit=world.member_unit, signed_by=world.member_head, signed_at=timezone.now()
            )

    @pytest.mark.parametrize(
        "user", ["member_officer", "member_delegate", "leader_officer", "organizer_officer", "admin", "outside_officer"]
    )
    def test_only_heads_of_member_units(self, world, user):
        covenant_phase(world)
        user = getattr(world, user)
        with pytest.raises(Forbidden):
            self.sign(user, world, unit=user.unit or world.member_unit)
        assert not CovenantSignature.objects.exists()

    def test_a_head_signs_only_for_their_own_unit(self, world):
        covenant_phase(world)
        with pytest.raises(Forbidden):
            self.sign(world.member_head, world, unit=world.leader_unit)
        assert not CovenantSignature.objects.exists()

    @pytest.mark.parametrize("phase", [Phase.LAUNCHED, Phase.IN_PROGRESS])
    def test_only_in_the_covenant_phase(self, world, phase):
        covenant_phase(world)
        set_phase(world, phase)
        with pytest.raises(Conflict, match="Ký giao ước"):
            self.sign(world.member_head, world)
        assert not CovenantSignature.objects.exists()

    def test_the_last_signature_freezes_it(self, world):
        covenant_phase(world)
        deputy_head = UserFactory(unit=world.deputy_unit, is_unit_head=True)
        self.sign(world.member_head, world)
        self.sign(world.leader_head, world)
        assert not Covenant.objects.get().is_frozen
        self.sign(deputy_head, world)
        covenant = Covenant.objects.get()
        assert covenant.is_frozen and covenant.frozen_at == CovenantSignature.objects.get(unit=world.deputy_unit).signed_at
        (event,) = events("covenant.freeze")
        assert event.after["signatures"] == 3

    def test_a_frozen_covenant_cannot_be_edited(self, world):
        covenant_phase(world, text="Gốc")
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            self.sign(UserFactory(unit=unit, is_unit_head=True), world)
        with pytest.raises(Conflict):
            services.covenant_save_text(actor=world.organizer_officer, cluster_year=world.cluster_year, text="Sửa")
        assert Covenant.objects.get().text == "Gốc"

    def test_without_a_text_there_is_nothing_to_sign(self, world):
        set_phase(world, Phase.COVENANT)
        with pytest.raises(Conflict, match="chưa có nội dung"):
            self.sign(world.member_head, world)

    def test_a_unit_that_is_not_a_member_of_this_year(self, world):
        covenant_phase(world)
        elsewhere = ClusterYearFactory(cluster=world.cluster, year=2027)
        stranger = UnitFactory(managed_by=world.organizer)
        add_member(elsewhere, stranger, Role.LEADER)
        with pytest.raises(Forbidden):
            self.sign(UserFactory(unit=stranger, is_unit_head=True), world)


# --- documents ---------------------------------------------------------------------------------------------
class TestNumbers:
    def freeze(self, world):
        covenant_phase(world)
        for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
            services.covenant_sign(actor=UserFactory(unit=unit, is_unit_head=True), cluster_year=world.cluster_year, unit=unit)

    def test_the_frozen_covenant_gets_a_number_of_the_leader_unit(self, world):
        self.freeze(world)
        covenant = services.covenant_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year)
        assert str(covenant.issued_document.document_number) == f"01/GƯTĐ-{world.leader_unit.symbol}"  # the issuer's symbol
        assert covenant.issued_document.unit == world.leader_unit
        with pytest.raises(Conflict, match="đã có số"):
            services.covenant_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year)
        assert IssuedDocument.objects.count() == 1

    def test_not_before_every_member_has_signed_nor_by_others(self, world):
        covenant_phase(world)
        with pytest.raises(Conflict):
            services.covenant_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year)
        with pytest.raises(Forbidden):
            services.covenant_number_issue(actor=world.deputy_officer, cluster_year=world.cluster_year)
        assert not IssuedDocument.objects.exists()

    def test_the_plan_is_numbered_kh_in_the_leader_units_register(self, world):
        set_phase(world, Phase.IN_PROGRESS)
        services.year_settings_update(actor=world.organizer_officer, cluster_year=world.cluster_year, changes={"document_symbol": "CTĐ3"})
        plan = services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23),
                                              conference_date=dt.date(2026, 12, 16), conference_place="Tam Kỳ")
        # the leader unit issues with its own symbol, whatever the cluster's (cycle.issuer)
        assert str(plan.issued_document.document_number) == f"01/KH-{world.leader_unit.symbol}" and plan.issuer_unit == world.leader_unit
        with pytest.raises(Conflict, match="đã được ban hành"):
            services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 24))
        assert ConferencePlan.objects.count() == 1 and IssuedDocument.objects.count() == 1
        assert events("conference_plan.issue")[0].after["conference_place"] == "Tam Kỳ"

    def test_the_plan_is_refused_outside_its_phases_by_others_and_with_bad_dates(self, world):
        with pytest.raises(Conflict):
            services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23))
        set_phase(world, Phase.IN_PROGRESS)
        with pytest.raises(Forbidden):
            services.conference_plan_issue(actor=world.organizer_officer, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23))
        with pytest.raises(InvalidInput) as caught:
            services.conference_plan_issue(actor=world.leader_head, cluster_year=world.cluster_year, date=dt.date(2026, 11, 23),
                                           conference_date=dt.date(2026, 11, 1))
        assert "conference_date" in caught.value.errors
        assert not IssuedDocument.objects.exists() and not ConferencePlan.objects.exists()
