"""The year-end conference and the secret ballot (design: docs/voting.md, binding).

- `Conference`: one per cluster-year — date(s), place, host unit, guests, agenda, chair,
  secretary, counting committee and the short check-in code shown on the room screen;
- `Delegate`: the person a member unit sends — its voting delegate (its head, or someone
  it authorises, the authorisation recorded, with who named and who confirmed it) or an
  observer; `DelegateNomination`: an officer's proposal waiting for the head;
- `CheckIn`: a member unit present at the conference (unique per conference and unit);
- `Poll` and `PollCandidate`: a question put to the vote, with its frozen rules;
- `Participation`: WHO has voted in a poll — (poll, unit, delegate), unique (poll, unit);
- `SealedBallot`: a ballot while its poll is open — only a ciphertext (the receipt and the
  choices, encrypted under a key derived from BALLOT_SEALING_SECRET, which is not in the
  database) and its nonce; opened and destroyed when the poll closes (voting/sealing.py);
- `Ballot`: WHAT was voted — a random id, a random receipt and the choices. Nothing else:
  no link to a user or unit, no time, no sequential id; always listed by receipt. Written
  only by the closing transaction, all at once in receipt order;
- `PaperTally`: the counting committee's figures for a poll voted on paper;
- `Proposal`: a unit the cluster proposes for the Flag or a Certificate of Merit, from a
  closed nomination poll (for the award proposals of a later step).

Fields and database invariants only; every write goes through services.py.

Out of scope (docs/voting.md): someone with write access to the database could add
ballots while a poll is open, and someone holding the database and the sealing secret
while a poll is open could link ballots. Stronger guarantees (a key held by the counting
committee, verifiable shuffles, as in Helios or Belenios) would be a later step: only the
key of SealedBallot's ciphertext would change."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.choices import ChoiceLabels
from thidua.org.models import ClusterYear, Unit


class Conference(models.Model):
    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="conference", verbose_name=_("năm thi đua"))
    date = models.DateField(_("ngày họp"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True, help_text=_("Khi hội nghị họp nhiều ngày"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    host_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị đăng cai")
    )
    #: the opening hour, for the invitation and the minutes (None: left blank for the clerk)
    starts_at = models.TimeField(_("giờ khai mạc"), null=True, blank=True)
    #: the bodies and people invited besides the members (the Ministry's, the province's leaders…), one a line
    guests = models.JSONField(_("khách mời"), default=list, blank=True)
    #: those of them who attended, for the minutes
    guests_present = models.JSONField(_("khách mời có mặt"), default=list, blank=True)
    agenda = models.JSONField(_("chương trình"), default=list, blank=True)
    chair = models.CharField(_("chủ tọa"), max_length=200, blank=True)
    secretary = models.CharField(_("thư ký"), max_length=200, blank=True)
    counting_committee = models.JSONField(_("ban kiểm phiếu"), default=list, blank=True)
    content = models.TextField(_("diễn biến, nội dung hội nghị"), blank=True)
    checkin_code = models.CharField(_("mã điểm danh"), max_length=8)
    invitation = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("số giấy mời")
    )
    minutes = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("số biên bản")
    )
    #: how many member units have checked in, kept under this row's lock by the check-in
    #: (one more) and by a change of the year's members (counted again): the live quorum
    #: reads it instead of counting 10,000 check-ins (voting.attendance_count, decision 0032)
    present_count = models.PositiveIntegerField(_("số đơn vị đã điểm danh"), default=0, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.cluster_year}"


class Delegate(ChoiceLabels, models.Model):
    """A person a member unit sends to the conference. The voting delegate is unique per
    unit; when it is not the unit's head, `authorisation` records who authorised it."""

    class Kind(models.TextChoices):
        VOTING = "voting", _("Đại biểu biểu quyết")
        OBSERVER = "observer", _("Đại biểu dự họp")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="delegates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.VOTING)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tài khoản")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    authorisation = models.CharField(
        _("giấy ủy quyền"), max_length=300, blank=True, help_text=_("Bắt buộc khi người biểu quyết không phải người đứng đầu đơn vị")
    )
    # who named it (the unit's head, or its officer whose nomination the head confirmed)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người đề nghị")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người xác nhận")
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        ordering = ["unit__name", "kind", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "unit"], condition=Q(kind="voting"), name="delegate_one_voter_per_unit"),
        ]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit})"


class DelegateNomination(models.Model):
    """A unit officer's proposal of the unit's voting delegate, waiting for the head's
    confirmation. It is not a delegate: until the head confirms it, it votes for nothing."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tài khoản"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    authorisation = models.CharField(_("giấy ủy quyền"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người đề nghị")
    )
    proposed_at = models.DateTimeField(_("đề nghị lúc"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="delegate_nomination_one_per_unit")]
        verbose_name = _("đề nghị người biểu quyết")
        verbose_name_plural = _("đề nghị người biểu quyết")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.unit})"


class CheckIn(models.Model):
    """A member unit present at the conference. Checking in twice changes nothing."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="checkins")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("điểm danh lúc"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="checkin_once_per_unit")]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")

    def __str__(self) -> str:
        return f"{self.unit_id} @ {self.conference_id}"


class Poll(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        FLAG = "flag", _("Suy tôn đề nghị tặng Cờ thi đua")
        MERIT = "merit", _("Đề nghị tặng Bằng khen")
        LEADER = "leader", _("Bầu Cụm trưởng")
        DEPUTY = "deputy", _("Bầu Cụm phó")
        OTHER = "other", _("Nội dung khác")

    class Method(models.TextChoices):
        APPROVAL = "approval", _("Đánh dấu các đơn vị tán thành")
        SINGLE = "single", _("Chọn một đơn vị")
        YES_NO = "yes_no", _("Đồng ý / không đồng ý / không ý kiến từng đơn vị")

    class Base(models.TextChoices):
        MEMBERS = "members", _("tổng số đơn vị thành viên")
        PRESENT = "present", _("số đơn vị có mặt")
        VALID = "valid", _("số phiếu hợp lệ")

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang bỏ phiếu")
        CLOSED = "closed", _("Đã kết thúc")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
        PAPER = "paper", _("Bỏ phiếu giấy")

    ELECTIONS = (Kind.LEADER, Kind.DEPUTY)
    NOMINATIONS = (Kind.FLAG, Kind.MERIT)

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="polls", verbose_name=_("năm thi đua"))
    kind = models.CharField(_("nội dung"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("câu hỏi"), max_length=300)
    notes = models.TextField(_("ghi chú"), blank=True)
    method = models.CharField(_("cách bỏ phiếu"), max_length=10, choices=Method.choices)
    max_choices = models.PositiveSmallIntegerField(_("số đơn vị được chọn tối đa"), default=1)
    seats = models.PositiveSmallIntegerField(_("số suất"), default=1)
    threshold_base = models.CharField(_("tỷ lệ tính trên"), max_length=10, choices=Base.choices, default=Base.MEMBERS)
    threshold_percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=5, decimal_places=2, default=50)
    threshold_strict = models.BooleanField(_("phải vượt (lớn hơn) tỷ lệ"), default=False)
    mode = models.CharField(_("hình thức"), max_length=10, choices=Mode.choices, default=Mode.ELECTRONIC)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    departure_reason = models.TextField(_("lý do danh sách khác kết quả xếp hạng"), blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="runoffs", verbose_name=_("biểu quyết vòng trước")
    )
    # frozen when the poll opens
    member_ids = models.JSONField(_("các đơn vị thành viên khi mở"), default=list, blank=True)
    roll = models.JSONField(_("danh sách đơn vị được bỏ phiếu (có mặt khi mở)"), default=list, blank=True)
    # who may cast each member unit's ballot and the candidates, read once at the open so
    # that a cast reads only this row (eligibility.py; selectors.electorate_of). None /
    # []: not frozen (a draft, or opened before these existed: read live).
    electorate = models.JSONField(_("người bỏ phiếu của từng đơn vị khi mở"), null=True, blank=True, editable=False)
    candidate_ids = models.JSONField(_("các đơn vị được đề cử khi mở"), default=list, blank=True, editable=False)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    # stored when the poll closes
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    results = models.JSONField(_("kết quả"), default=dict, blank=True)
    elected = models.JSONField(_("đơn vị trúng"), default=list, blank=True)
    digest = models.CharField(_("mã băm SHA-256 danh sách phiếu"), max_length=64, blank=True)
    trail_head_at_close = models.CharField(_("mã băm đầu chuỗi nhật ký khi đóng phiếu"), max_length=64, blank=True)
    # True: ballots are published with their receipts (verifiable; a delegate can show a
    # coercer their ballot). False: published without receipts (docs/voting.md).
    publish_receipts = models.BooleanField(_("công bố phiếu kèm mã biên nhận"), default=True)
    # Random, set when the poll opens: with BALLOT_SEALING_SECRET it derives the poll's key.
    seal_salt = models.BinaryField(_("muối khóa niêm phong"), max_length=32, blank=True, default=b"", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["cluster_year_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_choices__gte=1) & Q(seats__gte=1), name="poll_positive_choices_and_seats"),
            models.CheckConstraint(condition=Q(threshold_percent__gte=0) & Q(threshold_percent__lte=100), name="poll_threshold_range"),
        ]
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")

    def __str__(self) -> str:
        return self.title

    @property
    def is_election(self) -> bool:
        return self.kind in self.ELECTIONS

    @property
    def is_nomination(self) -> bool:
        return self.kind in self.NOMINATIONS

    @property
    def threshold(self) -> dict:
        return {"base": self.threshold_base, "percent": self.threshold_percent, "strict": self.threshold_strict}

    @property
    def runoff_needed(self) -> bool:
        return bool(self.results.get("runoff"))


class PollCandidate(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["poll_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "unit"], name="poll_candidate_once")]
        verbose_name = _("đơn vị được đề cử")
        verbose_name_plural = _("đơn vị được đề cử")

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.unit_id}"


class Participation(models.Model):
    """Who has voted: one row per (poll, member unit), written in the same transaction as
    the ballot. It says nothing about the ballot, and has no time."""

    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "unit"], name="participation_one_per_unit")]
        verbose_name = _("lượt tham gia biểu quyết")
        verbose_name_plural = _("lượt tham gia biểu quyết")

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.poll_id}"


def _random_id() -> uuid.UUID:
    return uuid.uuid4()  # 122 random bits: neither sequential nor time-ordered


class SealedBallot(models.Model):
    """A ballot while its poll is open: the canonical ballot object (receipt and choices or
    answers), padded and encrypted (AES-GCM, poll id as associated data). Nothing else —
    no receipt, no time, no link; the rows are opened and deleted when the poll closes."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="sealed_ballots")
    ciphertext = models.BinaryField()
    nonce = models.BinaryField(max_length=12)

    class Meta:
        verbose_name = _("phiếu niêm phong")
        verbose_name_plural = _("phiếu niêm phong")

    def __str__(self) -> str:
        return str(self.pk)


class Ballot(models.Model):
    """What was voted, and nothing else (voting.md §2), written when the poll closes: a
    random id, the poll, a random receipt, and the choices — a list of candidate unit ids (approval, single choice) or
    {"<unit id>": "yes"|"no"|"abstain"} (yes/no). No link to a user or unit, no time, no
    sequential id; listed by receipt, never in insertion order."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="ballots")
    receipt = models.CharField(max_length=16)
    choices = models.JSONField()

    class Meta:
        ordering = ["receipt"]
        constraints = [models.UniqueConstraint(fields=["poll", "receipt"], name="ballot_receipt_unique_per_poll")]
        verbose_name = _("phiếu bầu")
        verbose_name_plural = _("phiếu bầu")

    def __str__(self) -> str:
        return self.receipt


class PaperTally(models.Model):
    """The counting committee's figures for a poll voted on paper."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="paper_tally")
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"))
    returned = models.PositiveSmallIntegerField(_("số phiếu thu về"))
    valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"))
    invalid = models.PositiveSmallIntegerField(_("số phiếu không hợp lệ"))
    # {"<unit id>": n} or, for yes/no, {"<unit id>": {"yes": n, "no": n, "abstain": n}}
    votes = models.JSONField(_("số phiếu từng đơn vị"), default=dict)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(returned__lte=models.F("issued")), name="paper_returned_le_issued"),
            models.CheckConstraint(condition=Q(returned=models.F("valid") + models.F("invalid")), name="paper_valid_plus_invalid"),
        ]
        verbose_name = _("kết quả kiểm phiếu giấy")
        verbose_name_plural = _("kết quả kiểm phiếu giấy")

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.valid}/{self.returned}/{self.issued}"


class Proposal(ChoiceLabels, models.Model):
    """The cluster proposes `unit` for the Flag or a Certificate of Merit, as decided by
    poll `poll` (a closed nomination poll or its run-off)."""

    class Kind(models.TextChoices):
        FLAG = "flag", _("Cờ thi đua")
        MERIT = "merit", _("Bằng khen")

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="vote_proposals")
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    poll = models.ForeignKey(Poll, on_delete=models.PROTECT, related_name="proposals")
    votes = models.PositiveIntegerField(_("số phiếu"))
    percent = models.DecimalField(_("tỷ lệ (%)"), max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=1)

    class Meta:
        ordering = ["cluster_year_id", "kind", "rank"]
        constraints = [models.UniqueConstraint(fields=["cluster_year", "kind", "unit"], name="proposal_once_per_unit_kind")]
        verbose_name = _("đề nghị của cụm")
        verbose_name_plural = _("đề nghị của cụm")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit}"
