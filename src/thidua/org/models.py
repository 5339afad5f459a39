"""Organisation: provinces (before and after 1 July 2025), units and their lineage,
organizers, clusters, cluster years and their membership, and the people who use ThiDua.
Fields and database invariants only; every write goes through services.py."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels

REORGANISATION_DATE = dt.date(2025, 7, 1)


class Province(ChoiceLabels, models.Model):
    """A provincial-level unit of one era. Old provinces point to the new one they went
    into (`merged_into`); the reverse relation `formed_from` lists a new province's roots.
    Source: shared/data/provinces.json, copied to org/data/provinces.json."""

    class Era(models.TextChoices):
        BEFORE = "before_2025_07_01", _("63 tỉnh, thành phố (đến 30/6/2025)")
        CURRENT = "current", _("34 tỉnh, thành phố (từ 01/7/2025)")

    code = models.PositiveSmallIntegerField(_("mã"))
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại đơn vị hành chính"), max_length=40)
    era = models.CharField(_("thời kỳ"), max_length=20, choices=Era.choices)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formed_from",
        verbose_name=_("sáp nhập vào"),
    )
    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        ordering = ["era", "code"]
        constraints = [models.UniqueConstraint(fields=["era", "code"], name="province_unique_code_per_era")]
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        """ "Thành phố Hà Nội" -> "Hà Nội"; provinces' names carry no prefix."""
        prefix = "Thành phố "
        return self.name[len(prefix) :] if self.name.startswith(prefix) else self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Organizer(ChoiceLabels, models.Model):
    """The body that organises clusters: a ministry, a province's People's Committee…"""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ, ngành")
        PROVINCE = "province", _("Tỉnh, thành phố")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên"), max_length=200, unique=True)
    symbol = models.CharField(_("ký hiệu"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    office_name = models.CharField(_("bộ phận thi đua - khen thưởng"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cơ quan tổ chức cụm")
        verbose_name_plural = _("cơ quan tổ chức cụm")

    def __str__(self) -> str:
        return self.name


class Unit(ChoiceLabels, models.Model):
    """A member unit (đơn vị), e.g. "Sở Ngoại vụ tỉnh Quảng Bình". Exists from
    `valid_from` to `valid_to` (open ends mean unknown / still existing)."""

    class Kind(models.TextChoices):
        FOREIGN_AFFAIRS_DEPARTMENT = "foreign_affairs_department", _("Sở Ngoại vụ")
        PEOPLES_COMMITTEE_OFFICE_DIVISION = (
            "peoples_committee_office_division",
            _("Phòng Ngoại vụ thuộc Văn phòng UBND tỉnh"),
        )
        MINISTRY_DEPARTMENT = "ministry_department", _("Đơn vị thuộc Bộ")
        OTHER = "other", _("Khác")

    #: the kinds that carry a province's foreign-affairs duties
    FOREIGN_AFFAIRS_KINDS = (Kind.FOREIGN_AFFAIRS_DEPARTMENT, Kind.PEOPLES_COMMITTEE_OFFICE_DIVISION)

    name = models.CharField(_("tên đơn vị"), max_length=200)
    symbol = models.CharField(_("ký hiệu viết tắt"), max_length=20, help_text=_("Dùng trong số văn bản, ví dụ SNgV"))
    kind = models.CharField(_("loại đơn vị"), max_length=40, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="units", verbose_name=_("tỉnh, thành phố")
    )
    parent_authority = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Dòng trên cùng của tiêu đề văn bản, ví dụ UBND TỈNH QUẢNG BÌNH")
    )
    head_title = models.CharField(_("chức danh người đứng đầu"), max_length=100, default="Giám đốc")
    valid_from = models.DateField(_("thành lập từ"), null=True, blank=True)
    valid_to = models.DateField(_("giải thể / sáp nhập ngày"), null=True, blank=True)
    managed_by = models.ForeignKey(
        Organizer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_units",
        verbose_name=_("cơ quan quản lý danh mục"),
    )
    predecessors = models.ManyToManyField(
        "self",
        through="UnitLineage",
        through_fields=("successor", "predecessor"),
        symmetrical=False,
        related_name="successors",
        blank=True,
        verbose_name=_("đơn vị tiền thân"),
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        # The lists' order: a deep page of the units (the API's ?offset=4000 of 15,000)
        # reads them in order instead of sorting them all (on disk, past work_mem).
        indexes = [models.Index(fields=["name", "id"], name="unit_name_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def existed_in_year(self, year: int) -> bool:
        return (self.valid_from is None or self.valid_from.year <= year) and (self.valid_to is None or self.valid_to.year >= year)


class UnitLineage(ChoiceLabels, models.Model):
    """A link from a unit to a unit that took over its duties (merger, split, renaming)."""

    class Kind(models.TextChoices):
        MERGER = "merger", _("Sáp nhập, hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên, tổ chức lại")

    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_links")
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices, default=Kind.MERGER)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
        ]
        verbose_name = _("quan hệ kế thừa")
        verbose_name_plural = _("quan hệ kế thừa")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class Cluster(ChoiceLabels, models.Model):
    """An emulation cluster (Cụm thi đua) or bloc (Khối thi đua) of an organizer."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOC = "bloc", _("Khối thi đua")

    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("cơ quan tổ chức"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CLUSTER)
    number = models.CharField(_("số hiệu"), max_length=20, help_text=_("Ví dụ: II, 3"))
    name = models.CharField(_("tên"), max_length=200)
    region = models.CharField(_("địa bàn"), max_length=200, blank=True)

    class Meta:
        ordering = ["organizer__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organizer", "kind", "number"], name="cluster_unique_number"),
        ]
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    """The phases of a cluster's year, in order."""

    PREPARING = "preparing", _("Chuẩn bị")
    LAUNCHED = "launched", _("Phát động")
    COVENANT = "covenant", _("Ký giao ước")
    IN_PROGRESS = "in_progress", _("Triển khai thực hiện")
    SELF_ASSESSMENT = "self_assessment", _("Tự chấm điểm")
    CROSS_SCORING = "cross_scoring", _("Chấm chéo")
    RANKING = "ranking", _("Xếp hạng")
    CONFERENCE = "conference", _("Hội nghị tổng kết")
    PROPOSALS = "proposals", _("Đề nghị khen thưởng")
    CLOSED = "closed", _("Kết thúc")

    @classmethod
    def order(cls) -> list[str]:
        return [value for value, _label in cls.choices]


class ClusterYear(ChoiceLabels, models.Model):
    """A cluster's emulation year: its phase, deadlines and members."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="years", verbose_name=_("cụm"))
    year = models.PositiveSmallIntegerField(_("năm"))
    phase = models.CharField(_("giai đoạn"), max_length=20, choices=Phase.choices, default=Phase.PREPARING)
    # {phase: "YYYY-MM-DD"}; the rules of each phase come with the emulation-year features.
    deadlines = models.JSONField(_("thời hạn"), default=dict, blank=True)
    #: how many memberships the year has, kept by the one service that replaces them
    #: (services.cluster_year_set_members, under the row's lock): the conference's quorum,
    #: polled by every delegate's phone, reads it instead of counting 10,000 rows (decision 0032)
    member_count = models.PositiveIntegerField(_("số đơn vị thành viên"), default=0, editable=False)

    class Meta:
        ordering = ["cluster_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100), name="cluster_year_range"),
        ]
        verbose_name = _("năm thi đua")
        verbose_name_plural = _("năm thi đua")

    def __str__(self) -> str:
        return f"{self.cluster.name} — {self.year}"


class Role(models.TextChoices):
    LEADER = "leader", _("Cụm trưởng")
    DEPUTY1 = "deputy1", _("Cụm phó thứ nhất")
    DEPUTY2 = "deputy2", _("Cụm phó thứ hai")
    MEMBER = "member", _("Thành viên")


#: The order a year's members are listed in: the leader, the first and second deputies, the members.
ROLE_ORDER = {role: rank for rank, role in enumerate(Role)}


class Membership(ChoiceLabels, models.Model):
    """A unit's place in a cluster for one year. `organizer` and `year` repeat the
    cluster-year's so that the database itself can refuse a unit in two clusters of the
    same organizer in the same year."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    organizer = models.ForeignKey(Organizer, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    # The unit's name, kept here (services.cluster_year_set_members writes it, unit_update
    # follows a renaming) so that a page of a year's members comes in order from an index,
    # without sorting every member with its unit: 10,000 members took 9 ms (decision 0031).
    sort_name = models.CharField(max_length=200, editable=False, default="")

    class Meta:
        ordering = ["cluster_year_id", "role", "unit__name"]
        indexes = [models.Index(fields=["cluster_year", "role", "sort_name", "unit"], name="membership_role_name_order")]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit"], name="membership_unique_unit"),
            models.UniqueConstraint(fields=["unit", "organizer", "year"], name="membership_one_cluster_per_organizer_year"),
            models.UniqueConstraint(fields=["cluster_year"], condition=Q(role="leader"), name="membership_one_leader"),
            models.UniqueConstraint(fields=["cluster_year"], condition=Q(role="deputy1"), name="membership_one_deputy1"),
            models.UniqueConstraint(fields=["cluster_year"], condition=Q(role="deputy2"), name="membership_one_deputy2"),
        ]
        verbose_name = _("thành viên cụm")
        verbose_name_plural = _("thành viên cụm")

    def __str__(self) -> str:
        return f"{self.unit} ({self.get_role_display()}, {self.year})"


class User(AbstractUser):
    """A person using ThiDua: staff of a unit (officer, head, delegate) or an officer of an
    organizer's emulation office. A system admin is a Django superuser."""

    class RoleName(models.TextChoices):
        OFFICER = "officer", _("Cán bộ thi đua của đơn vị")
        HEAD = "head", _("Lãnh đạo đơn vị")
        DELEGATE = "delegate", _("Đại biểu dự hội nghị")
        ORGANIZER = "organizer", _("Cán bộ cơ quan tổ chức")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("đơn vị"))
    organizer = models.ForeignKey(
        Organizer, on_delete=models.PROTECT, null=True, blank=True, related_name="officers", verbose_name=_("cơ quan tổ chức")
    )
    is_unit_officer = models.BooleanField(_("cán bộ thi đua"), default=False)
    is_unit_head = models.BooleanField(_("lãnh đạo đơn vị"), default=False)
    is_delegate = models.BooleanField(_("đại biểu"), default=False)
    is_organizer_officer = models.BooleanField(_("cán bộ cơ quan tổ chức"), default=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_organizer_officer=False) | Q(organizer__isnull=False), name="user_organizer_role_needs_organizer"
            ),
            models.CheckConstraint(
                condition=Q(is_unit_officer=False, is_unit_head=False, is_delegate=False) | Q(unit__isnull=False),
                name="user_unit_role_needs_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> list[str]:
        flags = [
            (self.is_unit_officer, self.RoleName.OFFICER),
            (self.is_unit_head, self.RoleName.HEAD),
            (self.is_delegate, self.RoleName.DELEGATE),
            (self.is_organizer_officer, self.RoleName.ORGANIZER),
        ]
        return [str(role) for flag, role in flags if flag]
