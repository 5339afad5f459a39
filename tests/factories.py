"""Factories for tests. They build rows directly (fast, no audit events) — tests of the
services themselves call the services."""

import datetime as dt
import functools
import secrets
import string

import factory
from django.contrib.auth.hashers import make_password
from django.db.models import F

from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Province, Role, Unit, User
from thidua.org.text import fold

PASSWORD = "Mat-khau-thu-nghiem-2026"


@functools.cache
def default_password_hash() -> str:
    return make_password(PASSWORD)


def current_province(name: str = "Thanh Hóa") -> Province:
    return Province.objects.get(era=Province.Era.CURRENT, name=name)


class OrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizer

    name = factory.Sequence(lambda n: f"Bộ thử nghiệm {n}")
    symbol = factory.Sequence(lambda n: f"BTN{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Sở Ngoại vụ thử nghiệm {n}")
    symbol = "SNgV"
    kind = Unit.Kind.FOREIGN_AFFAIRS_DEPARTMENT
    province = factory.LazyFunction(current_province)
    parent_authority = "UBND TỈNH THANH HÓA"
    head_title = "Giám đốc"
    managed_by = factory.SubFactory(OrganizerFactory)
    search_name = factory.LazyAttribute(lambda o: fold(o.name))


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    organizer = factory.SubFactory(OrganizerFactory)
    kind = Cluster.Kind.CLUSTER
    number = factory.Sequence(lambda n: str(n + 1))
    name = factory.LazyAttribute(lambda o: f"Cụm thi đua số {o.number}")


class ClusterYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterYear

    cluster = factory.SubFactory(ClusterFactory)
    year = 2026

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The rows a year needs come with it, as with the service (org.signals.year_created)
        and the backfill migrations — unaudited here, like the backfill, so that a test that
        reads the trail sees only the events it made."""
        from thidua.cycle.models import YearSettings
        from thidua.voting.models import Conference

        cluster_year = super()._create(model_class, *args, **kwargs)
        YearSettings.objects.get_or_create(cluster_year=cluster_year)
        Conference.objects.get_or_create(
            cluster_year=cluster_year, defaults={"checkin_code": "".join(secrets.choice(string.digits) for _ in range(6))}
        )
        return cluster_year


def add_member(cluster_year: ClusterYear, unit: Unit, role: str = Role.MEMBER) -> Membership:
    """A membership written directly (cheaper than replacing the whole list through the
    service for each unit), with the count the year keeps of them (decision 0032) — in the
    row and in the instance the test holds."""
    membership = Membership.objects.create(
        cluster_year=cluster_year, unit=unit, role=role, organizer_id=cluster_year.cluster.organizer_id, year=cluster_year.year,
        sort_name=unit.name,
    )
    ClusterYear.objects.filter(pk=cluster_year.pk).update(member_count=F("member_count") + 1)
    cluster_year.member_count += 1
    return membership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The default password's hash, made once and inserted with the row: hashing it and
        # saving it again for each of the ten users of every test's world was a third of
        # building the world.
        kwargs.setdefault("password", default_password_hash())
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        if not create:
            obj.set_password(extracted or PASSWORD)
        elif extracted:
            obj.set_password(extracted)
            obj.save(update_fields=["password"])


def year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)
