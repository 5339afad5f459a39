"""Services of the organisation app: invariants, permissions, audit."""

import datetime as dt

import pytest

from tests.factories import ClusterFactory, UnitFactory, current_province
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.org.models import ClusterYear, Membership, Phase, Role, Unit, UnitLineage, User
from thidua.org.services import (
    cluster_create,
    cluster_year_set_members,
    unit_create,
    unit_update,
    user_create,
)

pytestmark = pytest.mark.django_db


def members_of(cy):
    return set(cy.memberships.values_list("unit__name", "role"))


class TestMembership:
    def test_organizer_sets_members_and_roles_and_it_is_audited(self, world):
        new_unit = UnitFactory(managed_by=world.organizer)
        cy = cluster_year_set_members(
            actor=world.organizer_officer,
            cluster=world.cluster,
            year=2027,
            members=[(world.leader_unit, Role.LEADER), (world.deputy_unit, Role.DEPUTY1), (new_unit, Role.DEPUTY2)],
        )
        assert cy.year == 2027 and cy.phase == Phase.PREPARING
        assert {(r[1]) for r in members_of(cy)} == {"leader", "deputy1", "deputy2"}
        event = AuditEvent.objects.get(action="cluster_year.set_members", object_id=str(cy.pk))
        assert event.before is None and len(event.after["members"]) == 3
        assert event.cluster_ref == world.cluster.pk and event.organizer_ref == world.organizer.pk

    @pytest.mark.parametrize(
        ("roles", "message"),
        [
            ([Role.LEADER, Role.LEADER, Role.MEMBER], "chỉ có một đơn vị Cụm trưởng"),
            ([Role.MEMBER, Role.MEMBER, Role.MEMBER], "Cần chỉ định một đơn vị Cụm trưởng"),
            ([Role.LEADER, Role.DEPUTY1, Role.DEPUTY1], "Tối đa hai đơn vị Cụm phó"),
            ([Role.LEADER, Role.DEPUTY2, Role.MEMBER], "phải có Cụm phó thứ nhất"),
        ],
    )
    def test_role_invariants_refused_with_vietnamese_message_and_nothing_saved(self, world, roles, message):
        before = members_of(world.cluster_year)
        units = [world.leader_unit, world.deputy_unit, world.member_unit]
        with pytest.raises(InvalidInput) as exc:
            cluster_year_set_members(
                actor=world.organizer_officer, cluster=world.cluster, year=2026, members=list(zip(units, roles, strict=True))
            )
        assert message in str(exc.value)
        assert "members" in exc.value.errors
        assert members_of(world.cluster_year) == before

    def test_three_deputies_refused(self, world):
        extra = UnitFactory(managed_by=world.organizer)
        with pytest.raises(InvalidInput, match="Tối đa hai"):
            cluster_year_set_members(
                actor=world.organizer_officer,
                cluster=world.cluster,
                year=2026,
                members=[
                    (world.leader_unit, Role.LEADER),
                    (world.deputy_unit, Role.DEPUTY1),
                    (world.member_unit, Role.DEPUTY2),
                    (extra, Role.DEPUTY1),
                ],
            )

    def test_unit_that_did_not_exist_that_year_refused(self, world):
        dissolved = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", valid_to=dt.date(2025, 6, 30), managed_by=world.organizer)
        later = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Trị", valid_from=dt.date(2025, 7, 1), managed_by=world.organizer)
        with pytest.raises(InvalidInput, match="Quảng Bình không tồn tại trong năm 2026"):
            cluster_year_set_members(
                actor=world.organizer_officer,
                cluster=world.cluster,
                year=2026,
                members=[(world.leader_unit, Role.LEADER), (dissolved, Role.MEMBER)],
            )
        with pytest.raises(InvalidInput, match="Quảng Trị không tồn tại trong năm 2024"):
            cluster_year_set_members(
                actor=world.organizer_officer,
                cluster=world.cluster,
                year=2024,
                members=[(world.leader_unit, Role.LEADER), (later, Role.MEMBER)],
            )
        # In 2025 both existed for part of the year: allowed.
        cy = cluster_year_set_members(
            actor=world.organizer_officer, cluster=world.cluster, year=2025, members=[(later, Role.LEADER), (dissolved, Role.MEMBER)]
        )
        assert cy.memberships.count() == 2

    def test_unit_in_two_clusters_of_one_organizer_in_a_year_refused(self, world):
        second = ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2")
        with pytest.raises(InvalidInput, match="Hà Tĩnh đã là thành viên của Cụm thi đua số 1 năm 2026"):
            cluster_year_set_members(actor=world.organizer_officer, cluster=second, year=2026, members=[(world.member_unit, Role.LEADER)])
        assert not ClusterYear.objects.filter(cluster=second).exists()
        # Another year, or another organizer's cluster, is fine.
        cluster_year_set_members(actor=world.organizer_officer, cluster=second, year=2027, members=[(world.member_unit, Role.LEADER)])
        cluster_year_set_members(
            actor=world.other_organizer_officer,
            cluster=world.other_cluster,
            year=2026,
            members=[(world.outside_unit, Role.LEADER), (world.member_unit, Role.MEMBER)],
        )

    def test_database_itself_refuses_a_second_leader(self, world):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(
                cluster_year=world.cluster_year, unit=UnitFactory(), role=Role.LEADER, organizer=world.organizer, year=2026
            )

    def test_database_itself_refuses_one_unit_in_two_clusters_of_an_organizer(self, world):
        from django.db import IntegrityError, transaction

        from tests.factories import ClusterYearFactory

        other_cy = ClusterYearFactory(cluster=ClusterFactory(organizer=world.organizer, number="5"), year=2026)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(cluster_year=other_cy, unit=world.member_unit, role=Role.MEMBER, organizer=world.organizer, year=2026)

    @pytest.mark.parametrize("who", ["leader_officer", "member_officer", "other_organizer", "outside_officer"])
    def test_only_the_organizer_may_set_members(self, world, who):
        user = world.users()[who]
        with pytest.raises(Forbidden):
            cluster_year_set_members(actor=user, cluster=world.cluster, year=2026, members=[(world.member_unit, Role.LEADER)])
        assert members_of(world.cluster_year) == {
            ("Sở Ngoại vụ tỉnh Thanh Hóa", "leader"),
            ("Sở Ngoại vụ tỉnh Nghệ An", "deputy1"),
            ("Sở Ngoại vụ tỉnh Hà Tĩnh", "member"),
        }

    def test_unchanged_membership_writes_no_event(self, world):
        members = [(m.unit, m.role) for m in world.cluster_year.memberships.all()]
        cluster_year_set_members(actor=world.organizer_officer, cluster=world.cluster, year=2026, members=members)
        assert not AuditEvent.objects.filter(action="cluster_year.set_members").exists()
        cluster_year_set_members(actor=world.organizer_officer, cluster=world.cluster, year=2026, members=members[:2])
        assert AuditEvent.objects.filter(action="cluster_year.set_members").count() == 1


class TestUnits:
    def data(self, **overrides):
        return {
            "name": "Sở Ngoại vụ tỉnh Lào Cai",
            "symbol": "SNgV",
            "kind": Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT,
            "province": current_province("Lào Cai"),
            "parent_authority": "UBND TỈNH LÀO CAI",
            **overrides,
        }

    def test_organizer_creates_unit_managed_by_its_organizer_with_lineage(self, world):
        old = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", valid_to=dt.date(2025, 6, 30), managed_by=world.organizer)
        unit = unit_create(actor=world.organizer_officer, data=self.data(valid_from=dt.date(2025, 7, 1)), predecessors=[old])
        assert unit.managed_by == world.organizer and unit.search_name == "so ngoai vu tinh lao cai"
        assert list(unit.predecessors.all()) == [old] and list(old.successors.all()) == [unit]
        assert UnitLineage.objects.get(successor=unit).effective_on == dt.date(2025, 7, 1)
        assert AuditEvent.objects.get(action="unit.create").after["predecessors"] == [old.pk]

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"name": " "}, "name"),
            ({"kind": "ministry"}, "kind"),
            ({"symbol": ""}, "symbol"),
            ({"valid_from": dt.date(2025, 7, 1), "valid_to": dt.date(2025, 6, 30)}, "valid_to"),
        ],
    )
    def test_bad_unit_data_refused_and_nothing_saved(self, world, overrides, field):
        count = Unit.objects.count()
        with pytest.raises(InvalidInput) as exc:
            unit_create(actor=world.organizer_officer, data=self.data(**overrides))
        assert field in exc.value.errors
        assert Unit.objects.count() == count

    def test_unit_staff_may_not_create_units(self, world):
        with pytest.raises(Forbidden):
            unit_create(actor=world.leader_officer, data=self.data())

    def test_other_organizer_may_not_edit_unit(self, world):
        with pytest.raises(Forbidden):
            unit_update(actor=world.other_organizer_officer, unit=world.member_unit, data={"name": "X"})
        world.member_unit.refresh_from_db()
        assert world.member_unit.name == "Sở Ngoại vụ tỉnh Hà Tĩnh"

    def test_update_records_before_and_after(self, world):
        unit_update(actor=world.organizer_officer, unit=world.member_unit, data={"valid_to": dt.date(2025, 6, 30)})
        event = AuditEvent.objects.get(action="unit.update")
        assert event.before["valid_to"] is None and event.after["valid_to"] == "2025-06-30"

    def test_lineage_cannot_loop(self, world):
        a = UnitFactory(managed_by=world.organizer)
        b = unit_create(actor=world.organizer_officer, data=self.data(), predecessors=[a])
        with pytest.raises(InvalidInput, match="vòng lặp"):
            unit_update(actor=world.organizer_officer, unit=a, data={}, predecessors=[b])
        with pytest.raises(InvalidInput):
            unit_update(actor=world.organizer_officer, unit=a, data={}, predecessors=[a])


class TestClustersAndUsers:
    def test_duplicate_cluster_number_refused(self, world):
        with pytest.raises(InvalidInput, match="số hiệu 1"):
            cluster_create(actor=world.organizer_officer, organizer=world.organizer, kind="cluster", number="1", name="Trùng")

    def test_organizer_officer_cannot_create_cluster_for_another_organizer(self, world):
        with pytest.raises(Forbidden):
            cluster_create(actor=world.organizer_officer, organizer=world.other_organizer, kind="bloc", number="7", name="Khối 7")

    def test_weak_password_refused(self, world):
        with pytest.raises(InvalidInput) as exc:
            user_create(actor=world.organizer_officer, username="moi", password="123", unit=world.member_unit, roles=["officer"])
        assert "password" in exc.value.errors
        assert not User.objects.filter(username="moi").exists()

    def test_organizer_creates_unit_account_with_argon2_password(self, world):
        user = user_create(
            actor=world.organizer_officer,
            username="hatinh.moi",
            password="Mot-mat-khau-dai-2026",
            full_name="Trần Thị Lan",
            unit=world.member_unit,
            roles=["officer", "delegate"],
        )
        assert user.roles == ["officer", "delegate"] and user.password.startswith("argon2")
        event = AuditEvent.objects.get(action="user.create")
        assert "password" not in event.after

    def test_organizer_may_not_create_accounts_for_units_outside_its_clusters(self, world):
        with pytest.raises(Forbidden):
            user_create(
                actor=world.organizer_officer, username="x1", password="Mot-mat-khau-dai-2026", unit=world.outside_unit, roles=["officer"]
            )

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"roles": ["officer"]}, "unit"),
            ({"roles": ["organizer"]}, "organizer"),
            ({"roles": ["boss"]}, "roles"),
            ({"roles": ["organizer", "officer"]}, "roles"),
            ({"roles": []}, "roles"),
        ],
    )
    def test_roles_must_fit_the_account(self, world, kwargs, field):
        with pytest.raises(InvalidInput) as exc:
            user_create(actor=world.admin, username="x2", password="Mot-mat-khau-dai-2026", **kwargs)
        assert field in exc.value.errors
