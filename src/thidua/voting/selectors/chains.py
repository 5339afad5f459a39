"""The year's ranking as the vote uses it (the order, the proposals, the defaults of a new
poll) and run-off chains: the polls a run-off continues and the positions already
filled. Reads the ranking of scoring.selectors."""

from __future__ import annotations

from decimal import Decimal

from thidua.cycle.awards import award_kinds_by_code
from thidua.cycle.models import DEFAULT_THRESHOLDS
from thidua.cycle.services import year_settings_get
from thidua.org.models import ClusterYear, Membership, Unit
from thidua.scoring.selectors import ranking

from ..models import Poll, Proposal
from .polls import FROZEN_COLUMNS


def proposals_of(cluster_year: ClusterYear) -> list[Proposal]:
    return list(Proposal.objects.filter(cluster_year=cluster_year).select_related("unit", "poll").order_by("kind", "rank"))


#: the award a nomination proposes (api-v1 "Awards": flag → flag_ministry, merit → merit_minister)
NOMINATION_AWARDS = {Poll.Kind.FLAG: "flag_ministry", Poll.Kind.MERIT: "merit_minister"}


def not_nominable(cluster_year: ClusterYear, kind: str) -> set[int]:
    """Units a nomination of `kind` does not start from: where the catalogue asks a
    registration for its award that year (the Flag does, a Certificate of Merit does not),
    those whose registration does not name it or that did not register — once the year has
    registrations at all: a year kept without them (brought in from before ThiDua) has only
    the ranking to go by; and those a closed poll of the year already proposed for the other
    nomination (one achievement, one form)."""
    from thidua.cycle.models import Registration

    award = NOMINATION_AWARDS.get(kind)
    if award is None:
        return set()
    kind_of = award_kinds_by_code().get(award)
    needs_registration = kind_of is not None and any(r.rule == "registered" for r in kind_of.rules_for(cluster_year.year))
    registrations = list(Registration.objects.filter(cluster_year=cluster_year).only("unit_id", "titles")) if needs_registration else []
    registered = {r.unit_id for r in registrations if award in (r.titles or [])}
    members = set(Membership.objects.filter(cluster_year=cluster_year).values_list("unit_id", flat=True)) if registrations else set()
    other = [k for k in NOMINATION_AWARDS if k != kind]
    closed = Proposal.objects.filter(cluster_year=cluster_year, kind__in=other, poll__state="closed")
    proposed = set(closed.values_list("unit_id", flat=True))
    return (members - registered) | proposed


def ranking_proposal(cluster_year: ClusterYear, n: int, kind: str | None = None) -> list[Unit]:
    """The top `n` units of the year's ranking (the candidates a nomination starts from),
    for a nomination of `kind` only the units it may start from (`not_nominable`); [] when
    there is no ranking yet."""
    skip = not_nominable(cluster_year, kind) if kind else set()
    order = [(u, r) for u, r in ranking_order(cluster_year) if u not in skip][: max(n, 0)]
    units = Unit.objects.in_bulk([u for u, _rank in order])
    return [units[u] for u, _rank in order if u in units]


def ranking_order(cluster_year: ClusterYear) -> list[tuple[int, int]]:
    """[(unit id, rank)] of the ranked units, best first. "No ranking yet" is not an error
    in scoring's ranking: a year without a criteria table, or whose units have no submitted
    cross sheet, answers every line unranked (rank None), hence []. Anything it raises is a
    real error and is not hidden."""
    return [(line.unit.pk, line.rank) for line in ranking(cluster_year).lines if line.rank is not None]


def poll_defaults(cluster_year: ClusterYear, kind: str) -> dict:
    """Method, choices, seats and threshold for a new poll of `kind`, from the year's rules
    (cycle.YearSettings: thresholds and quotas; the defaults of domain rules §3)."""
    settings = year_settings_get(cluster_year)
    thresholds = settings.thresholds if isinstance(settings.thresholds, dict) else {}
    quotas = settings.quotas if isinstance(settings.quotas, dict) else {}
    threshold = thresholds.get(kind) or DEFAULT_THRESHOLDS.get(kind) or {"base": "members", "percent": 50, "strict": True}
    seats = {"flag": quotas.get("flag", 1), "merit": quotas.get("merit", 2), "leader": 1, "deputy": 2}.get(kind, 1)
    method = {"leader": Poll.Method.SINGLE, "other": Poll.Method.YES_NO}.get(kind, Poll.Method.APPROVAL)
    seats = max(1, int(seats or 1))
    return {
        "method": method, "max_choices": 1 if method == Poll.Method.SINGLE else seats, "seats": seats,
        "threshold": {"base": threshold.get("base", "members"), "percent": Decimal(str(threshold.get("percent", 50))),
                      "strict": bool(threshold.get("strict", False))},
    }


def runoff_of(poll: Poll) -> Poll | None:
    """The run-off created from this poll (its title and link), without its frozen columns."""
    return Poll.objects.defer(*FROZEN_COLUMNS).filter(parent=poll).order_by("-created_at", "-pk").first()


def poll_chain(poll: Poll) -> list[Poll]:
    """The first round and its run-offs, in order (their states, seats and results; not
    their frozen columns)."""
    polls = Poll.objects.defer(*FROZEN_COLUMNS)
    root = poll
    while root.parent_id:
        root = polls.get(pk=root.parent_id)
    chain = [root]
    while True:
        child = polls.filter(parent=chain[-1]).order_by("-created_at", "-pk").first()
        if child is None:
            return chain
        chain.append(child)


def earlier_positions(poll: Poll) -> list[int]:
    """The units elected by the rounds before this one, in order: a run-off decides the
    seats after them (the second deputy, after a first one elected in round 1)."""
    ancestors: list[Poll] = []
    item = poll
    while item.parent_id:
        item = item.parent
        ancestors.insert(0, item)
    positions: list[int] = []
    for earlier in ancestors:
        positions += [u for u in earlier.elected if u not in positions]
    return positions


def elected_positions(poll: Poll) -> dict[int, int]:
    """{unit id: its place along the election (1 = first deputy)} for the units this poll
    elected — counted after those its earlier rounds elected, so a run-off's winner is the
    second deputy when round 1 gave the first."""
    if not poll.elected:
        return {}
    earlier = earlier_positions(poll) if poll.parent_id else []
    fresh = [u for u in poll.elected if u not in earlier]
    return {u: len(earlier) + i + 1 for i, u in enumerate(fresh)}


def chain_positions(poll: Poll) -> tuple[list[int], bool]:
    """(the units elected along the chain, in order; whether the chain is decided)."""
    chain = poll_chain(poll)
    positions: list[int] = []
    for item in chain:
        if item.state != Poll.State.CLOSED:
            return positions, False
        positions += [u for u in item.elected if u not in positions]
    return positions, not chain[-1].runoff_needed
