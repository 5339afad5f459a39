"""Whether a person may cast a ballot in a poll now, and if not, why — one answer for the
ballot page (which shows the reason) and for `ballot_cast` (which refuses with it).

Once a poll is open it carries its electorate, frozen when it opened
(`Poll.electorate`, selectors.electorate_of): who may cast each member unit's ballot.
The answer then reads only the poll row and the user, so a cast needs no query of
memberships or delegates — and of the row only the user's own entry and whether the unit
is on the roll, when the row was read with them (selectors.poll_for, poll_for_casting:
the database answers them; the electorate of 10,000 members is never decoded). A draft poll (or one opened before the electorate was frozen)
is answered from the live rules (`voting.vote`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.errors import Conflict, DomainError, Forbidden
from thidua.org.rules import is_unit_staff

from .models import Participation, Poll
from .rules import can

NOT_VOTER = gettext_lazy("Chỉ đại biểu hoặc lãnh đạo của đơn vị thành viên được bỏ phiếu.")
ALREADY_VOTED = gettext_lazy("Đơn vị của bạn đã bỏ phiếu")

# why not: who the person is (403), then the state of the poll and of the unit (409)
NOT_A_VOTER, NAMED_OTHER = "not_voter", "named_other"
DRAFT, CLOSED, PAPER, NOT_ON_ROLL, VOTED = "draft", "closed", "paper", "not_on_roll", "voted"
FORBIDDEN = (NOT_A_VOTER, NAMED_OTHER)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    @property
    def error(self) -> DomainError:
        return Forbidden(self.message) if self.code in FORBIDDEN else Conflict(self.message)


def _read_for_this_unit(poll: Poll, unit_id) -> bool:
    """Whether the row was read with `unit_id`'s own entry (selectors._light)."""
    return "own_on_roll" in poll.__dict__ and poll.__dict__.get("read_for_unit", object()) == unit_id


def own_entry(poll: Poll, unit_id) -> tuple[bool, dict | None]:
    """(whether the poll's electorate is frozen, the entry of `unit_id` in it or None)."""
    if _read_for_this_unit(poll, unit_id) and "electorate" not in poll.__dict__:
        return bool(poll.electorate_frozen), poll.own_entry
    electorate = poll.electorate
    if electorate is None:
        return False, None
    return True, electorate.get(str(unit_id)) if unit_id is not None else None


def on_roll(poll: Poll, unit_id) -> bool:
    if _read_for_this_unit(poll, unit_id) and "roll" not in poll.__dict__:
        return bool(poll.own_on_roll)
    return unit_id in poll.roll


def _who_refusal(user, poll: Poll) -> Refusal | None:
    """403: the user votes for no member unit, or the unit named someone else."""
    frozen, entry = own_entry(poll, user.unit_id)
    if not frozen:  # not frozen yet: the live rule and the unit's named delegate
        if not can(user, "voting.vote", poll.cluster_year):
            return Refusal(NOT_A_VOTER, str(NOT_VOTER))
        from .selectors.electorate import voting_delegate_of

        named = voting_delegate_of(poll.cluster_year, user.unit_id)
        if named is not None and named.user_id != user.pk:
            return Refusal(NAMED_OTHER, _("Đơn vị của bạn đã cử {name} biểu quyết.").format(name=named.full_name))
        return None
    entry = entry if is_unit_staff(user) else None
    if entry is not None and user.pk in entry["voters"]:
        return None
    if entry is not None and entry.get("delegate") and user.is_unit_head:
        return Refusal(NAMED_OTHER, _("Đơn vị của bạn đã cử {name} biểu quyết.").format(name=entry["delegate"]))
    return Refusal(NOT_A_VOTER, str(NOT_VOTER))


def vote_refusal(user, poll: Poll, *, check_voted: bool = True) -> Refusal | None:
    """Why `user` may not cast a ballot in `poll` now; None when they may. `check_voted`
    asks whether the unit has voted already (one query); the cast leaves that to the
    database's unique constraint on the participation."""
    refusal = _who_refusal(user, poll)
    if refusal is not None:
        return refusal
    if poll.state == Poll.State.DRAFT:
        return Refusal(DRAFT, _("Biểu quyết chưa mở."))
    if poll.state == Poll.State.CLOSED:
        return Refusal(CLOSED, _("Biểu quyết đã kết thúc."))
    if poll.mode == Poll.Mode.PAPER:
        return Refusal(PAPER, _("Nội dung này bỏ phiếu giấy tại hội trường."))
    if not on_roll(poll, user.unit_id):
        return Refusal(NOT_ON_ROLL, _("Đơn vị của bạn không có tên trong danh sách bỏ phiếu (chưa điểm danh khi mở biểu quyết)."))
    if check_voted and Participation.objects.filter(poll=poll, unit_id=user.unit_id).exists():
        return Refusal(VOTED, str(ALREADY_VOTED))
    return None


# --- many units or polls at once: the dashboard's ballots and the receipt's way on ----------------
def voters_of(poll: Poll, unit_id: int, live: dict[int, list[int]]) -> list[int]:
    """Who may cast `unit_id`'s ballot in `poll`: the electorate frozen when it opened, else
    the live rule (`live`: {unit id: [user ids]}, its named delegate or else its heads)."""
    if poll.electorate is not None:
        entry = poll.electorate.get(str(unit_id))
        return list(entry["voters"]) if entry else []
    return list(live.get(unit_id, []))


def ballot_awaits(poll: Poll, unit_id: int, voted: bool) -> bool:
    """The unit's electronic ballot in `poll` is still to be cast: the state half of
    `vote_refusal` (open, not on paper, on the roll, not voted), for many units at once."""
    return poll.state == Poll.State.OPEN and poll.mode != Poll.Mode.PAPER and unit_id in (poll.roll or []) and not voted


def awaiting_ballots(user, polls: list[Poll]) -> list[Poll]:
    """The open polls among `polls` (in their order) in which `user` may vote now and the
    unit has not voted: the conference page's "Bỏ phiếu ngay" and the way on after a cast.
    One query (what the unit has voted), whatever the number of polls."""
    candidates = [p for p in polls if p.state == Poll.State.OPEN and vote_refusal(user, p, check_voted=False) is None]
    if not candidates:
        return []
    voted = set(Participation.objects.filter(poll__in=candidates, unit_id=user.unit_id).values_list("poll_id", flat=True))
    return [p for p in candidates if p.pk not in voted]


def next_ballot(user, polls: list[Poll]) -> Poll | None:
    """The first of `polls` in which `user` may vote now, or None."""
    awaiting = awaiting_ballots(user, polls)
    return awaiting[0] if awaiting else None
