"""The scoring arithmetic, as written in shared/design/api-v1.md ("Scoring arithmetic (so
that every party computes the same ranking)") and domain rules §3. Plain Python on
Decimal: no models, no database, so that models, services, the API and the tests all call
the same functions and can never disagree on a ranking.

Vocabulary: a *sheet* is one scorer's entries for one unit, `{criterion code: points}`;
a criterion left out of a sheet counts as 0. A sheet's *group value* is the sum of its
entries in that group capped at the group's max_points; a sheet's *total* is the sum of
its non-penalty groups minus the sum of its penalty groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from thidua.core.errors import InvalidInput

POINTS, BONUS, PENALTY, PASS_FAIL = "points", "bonus", "penalty", "pass_fail"
KINDS = (POINTS, BONUS, PENALTY, PASS_FAIL)

MEAN, TRIMMED_MEAN, MEDIAN, PANEL_ADJUSTED = "mean", "trimmed_mean", "median", "panel_adjusted"
AGGREGATIONS = (MEAN, TRIMMED_MEAN, MEDIAN, PANEL_ADJUSTED)

TIE_BREAK_KEYS = ("total", "professional", "penalties", "bonus")
DEFAULT_TIE_BREAK = ("total", "professional", "penalties")  # rules.md §3; the rest is for the conference

CENT = Decimal("0.01")

# Sums of 2-decimal numbers are exact at this precision, and every aggregate is a single
# division of an exact sum, correctly rounded at 50 digits: two units whose aggregates are
# the same rational number get the same Decimal, two different ones never collide. A
# private context also keeps the results independent of whatever the caller's context is.
_CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)


class ScoringError(InvalidInput):
    """Invalid scoring input (an entry out of range, an unknown code or mode). An
    InvalidInput, so that the API answers 400 with the Vietnamese message."""


# -- numbers ----------------------------------------------------------------------------


def to_decimal(value) -> Decimal | None:
    """A finite Decimal, or None when `value` is not a number. Floats go through str() so
    that 7.5 stays 7.5 and 0.1 + 0.2 shows its binary noise (0.30000000000000004) and is
    then refused for having more than two decimals, instead of being silently rounded."""
    if isinstance(value, bool):  # True is an int to Python, not a score to people
        return None
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()
    if not isinstance(value, int | str | Decimal):
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def has_two_decimals_at_most(number: Decimal) -> bool:
    """7.5 and 7.50 are fine, 7.505 is not (judged on the value, so 7.500 is fine too)."""
    with localcontext(_CONTEXT):
        return number == number.quantize(CENT)


def display(value: Decimal) -> Decimal:
    """A total rounded to 2 decimals for showing it — never for comparing or ranking.
    Half up, as people and spreadsheets round (85.125 -> 85.13), not banker's rounding."""
    with localcontext(_CONTEXT):
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def signed(value: Decimal | None, is_penalty: bool) -> Decimal | None:
    """A group's points as shown on every page and in every export: a penalty group's
    points are subtracted, so they are shown negative (−2), the same sign on screen and in
    the .xlsx. Stored and aggregated positive; only showing goes through here."""
    if value is None or not is_penalty or value == 0:
        return value
    return -abs(Decimal(value))


def format_points(value: Decimal) -> str:
    """A number as written in Vietnamese text: decimal comma, no useless zeros
    (10 -> "10", 7.50 -> "7,5", -2.25 -> "-2,25")."""
    value = display(value)
    if value == value.to_integral_value():
        return str(int(value))
    return str(value).rstrip("0").replace(".", ",")


# -- the table --------------------------------------------------------------------------


def _number_field(obj, name: str) -> None:
    """Let frozen specs be built with ints or strings (CriterionSpec(..., max_points=10))."""
    number = to_decimal(getattr(obj, name))
    if number is None:
        raise ScoringError(f"Điểm tối đa của «{obj.code}» phải là một số.")
    object.__setattr__(obj, name, number)


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    title: str
    kind: str  # one of KINDS
    max_points: Decimal
    evidence: bool = False  # whether scorers may ask for evidence files

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ScoringError(f"Loại của tiêu chí «{self.code}» không hợp lệ: «{self.kind}».")
        _number_field(self, "max_points")


@dataclass(frozen=True)
class GroupSpec:
    code: str
    title: str
    max_points: Decimal  # caps the sum of the group's entries on a sheet
    professional: bool = False  # counts for the "professional" tie-break
    criteria: tuple[CriterionSpec, ...] = ()

    def __post_init__(self):
        _number_field(self, "max_points")
        object.__setattr__(self, "criteria", tuple(self.criteria))

    @property
    def is_penalty(self) -> bool:
        """Subtracted from the total (api-v1.md: all its criteria are penalties)."""
        return bool(self.criteria) and all(c.kind == PENALTY for c in self.criteria)

    @property
    def is_bonus(self) -> bool:
        """Added on top of the base points, and counted by the "bonus" tie-break. By
        analogy with penalty groups: a group is a bonus group when all its criteria are
        bonuses; a bonus criterion inside an ordinary group simply counts in that group."""
        return bool(self.criteria) and all(c.kind == BONUS for c in self.criteria)

    @property
    def reachable_points(self) -> Decimal:
        """The most a sheet can put in this group: its cap, or less when its criteria add
        up to less than the cap."""
        return min(self.max_points, sum((c.max_points for c in self.criteria), Decimal(0)))


@dataclass(frozen=True)
class TableSpec:
    """A scoring table (bảng tiêu chí): the shape of the API's criteria endpoint and of
    data/criteria-sample.yaml. Criterion codes are unique across the table."""

    groups: tuple[GroupSpec, ...]
    _criteria: dict[str, CriterionSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "groups", tuple(self.groups))
        criteria: dict[str, CriterionSpec] = {}
        group_codes: set[str] = set()
        for group in self.groups:
            if group.code in group_codes:
                raise ScoringError(f"Mã nhóm «{group.code}» bị trùng.")
            group_codes.add(group.code)
            for criterion in group.criteria:
                if criterion.code in criteria:
                    raise ScoringError(f"Mã tiêu chí «{criterion.code}» bị trùng.")
                criteria[criterion.code] = criterion
        object.__setattr__(self, "_criteria", criteria)

    @property
    def criteria(self) -> list[CriterionSpec]:
        return list(self._criteria.values())

    def criterion(self, code: str) -> CriterionSpec:
        try:
            return self._criteria[code]
        except (KeyError, TypeError):
            raise ScoringError(f"Không có tiêu chí mã «{code}» trong bảng tiêu chí.", field="entries")

    @property
    def base_max_points(self) -> Decimal:
        """The most a sheet can score without bonuses (100 for the sample table)."""
        return sum((g.reachable_points for g in self.groups if not g.is_penalty and not g.is_bonus), Decimal(0))

    @property
    def bonus_max_points(self) -> Decimal:
        return sum((g.reachable_points for g in self.groups if g.is_bonus), Decimal(0))

    @property
    def penalty_max_points(self) -> Decimal:
        return sum((g.reachable_points for g in self.groups if g.is_penalty), Decimal(0))


# -- one sheet --------------------------------------------------------------------------


def validate_entry(criterion: CriterionSpec, points) -> Decimal:
    """The entry as a Decimal, or ScoringError with a message for the scorer."""
    code, top = criterion.code, criterion.max_points
    number = to_decimal(points)
    if number is None:
        raise ScoringError(f"Điểm của tiêu chí {code} phải là một số.", field="entries")
    if not has_two_decimals_at_most(number):
        raise ScoringError(f"Điểm của tiêu chí {code} chỉ được có tối đa 2 chữ số thập phân.", field="entries")
    if criterion.kind == PASS_FAIL:
        if number not in (0, top):
            raise ScoringError(f"Tiêu chí {code} chấm đạt/không đạt: điểm chỉ được là 0 hoặc {format_points(top)}.", field="entries")
    elif not 0 <= number <= top:
        if criterion.kind == PENALTY:
            raise ScoringError(
                f"Điểm trừ của tiêu chí {code} phải từ 0 đến {format_points(top)} (ghi số điểm bị trừ, là số dương).", field="entries"
            )
        raise ScoringError(f"Điểm của tiêu chí {code} phải từ 0 đến {format_points(top)}.", field="entries")
    return number


def validate_entries(table: TableSpec, entries: Mapping[str, object]) -> dict[str, Decimal]:
    """A whole sheet checked at once, so that the scorer sees every mistake, not the first."""
    clean: dict[str, Decimal] = {}
    problems: list[str] = []
    for code, points in entries.items():
        try:
            clean[code] = validate_entry(table.criterion(code), points)
        except ScoringError as exc:
            problems.append(str(exc.message))
    if problems:
        raise ScoringError(" ".join(problems), errors={"entries": problems})
    return clean


def sheet_group_values(table: TableSpec, entries: Mapping[str, object]) -> dict[str, Decimal]:
    """{group code: the sum of the sheet's entries in that group, capped at the group's max},
    in the table's order. Missing entries count as 0."""
    clean = validate_entries(table, entries)
    with localcontext(_CONTEXT):
        return {
            g.code: min(g.max_points, sum((clean.get(c.code, Decimal(0)) for c in g.criteria), Decimal(0)))
            for g in table.groups
        }


def _combine(table: TableSpec, group_values: Mapping[str, Decimal]) -> Decimal:
    with localcontext(_CONTEXT):
        return sum((-group_values[g.code] if g.is_penalty else group_values[g.code] for g in table.groups), Decimal(0))


def _sum_groups(table: TableSpec, group_values: Mapping[str, Decimal], wanted) -> Decimal:
    with localcontext(_CONTEXT):
        return sum((group_values[g.code] for g in table.groups if wanted(g)), Decimal(0))


def sheet_total(table: TableSpec, entries: Mapping[str, object]) -> Decimal:
    """The sum of the non-penalty groups minus the sum of the penalty groups (can be negative)."""
    return _combine(table, sheet_group_values(table, entries))


def professional_points(table: TableSpec, entries: Mapping[str, object]) -> Decimal:
    return _sum_groups(table, sheet_group_values(table, entries), lambda g: g.professional)


def penalty_points(table: TableSpec, entries: Mapping[str, object]) -> Decimal:
    """Points lost, as a positive number."""
    return _sum_groups(table, sheet_group_values(table, entries), lambda g: g.is_penalty)


def bonus_points(table: TableSpec, entries: Mapping[str, object]) -> Decimal:
    return _sum_groups(table, sheet_group_values(table, entries), lambda g: g.is_bonus)


# -- many sheets ------------------------------------------------------------------------


def aggregate(totals: Sequence[Decimal], mode: str, *, panel: Decimal | None = None) -> Decimal:
    """A unit's total from its cross-scoring sheets' totals, exactly (round with display()).

    mean; trimmed_mean drops ONE highest and ONE lowest total when there are at least 3
    sheets (a plain mean otherwise); median (the mean of the two middle ones for an even
    count); panel_adjusted: the panel's adjusted sheet replaces the self-assessment, so
    its total is the answer and `totals` are not used.
    """
    if mode not in AGGREGATIONS:
        raise ScoringError(f"Cách tổng hợp điểm không hợp lệ: «{mode}».")
    with localcontext(_CONTEXT):
        if mode == PANEL_ADJUSTED:
            if panel is None:
                raise ScoringError("Chưa có phiếu chấm của tổ thẩm định để thay cho điểm tự chấm.")
            return Decimal(panel)
        values = sorted(Decimal(t) for t in totals)
        if not values:
            raise ScoringError("Chưa có phiếu chấm chéo nào để tổng hợp điểm.")
        if mode == TRIMMED_MEAN and len(values) >= 3:
            values = values[1:-1]
        if mode == MEDIAN:
            middle = len(values) // 2
            return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
        return sum(values, Decimal(0)) / len(values)


@dataclass(frozen=True)
class UnitScore:
    """What the ranking needs to know about one unit (build it with unit_score())."""

    unit: Hashable  # the unit's id
    total: Decimal
    groups: dict[str, Decimal]
    self_total: Decimal | None
    scorer_totals: tuple[Decimal, ...]  # the totals of the sheets that made `total`
    professional: Decimal
    penalties: Decimal
    bonus: Decimal


def unit_score(
    table: TableSpec,
    unit: Hashable,
    sheets: Iterable[Mapping[str, object]],
    mode: str,
    *,
    self_sheet: Mapping[str, object] | None = None,
    panel_sheet: Mapping[str, object] | None = None,
) -> UnitScore:
    """Aggregate one unit's cross-scoring `sheets` with the year's `mode`.

    The total is the aggregation of the sheets' totals. The group values are the SAME
    aggregation applied to each group separately over the same sheets (in median mode:
    the median of the sheets' group I values, the median of their group II values, ...),
    and the tie-break figures (professional, penalties, bonus) are sums of those group
    values. With mean the groups add up to the total; with median or trimmed_mean they
    need not, since the sheet picked or dropped can differ from group to group — the
    price of each group being a fair figure on its own. The total never depends on it.

    The self sheet only gives `self_total`. In panel_adjusted mode the panel's sheet is
    the one sheet that counts (total, groups, one scorer); the cross sheets are ignored.
    """
    sheet_groups = [sheet_group_values(table, sheet) for sheet in sheets]
    panel_groups = sheet_group_values(table, panel_sheet) if panel_sheet is not None else None
    if mode == PANEL_ADJUSTED:
        if panel_groups is None:
            raise ScoringError("Chưa có phiếu chấm của tổ thẩm định để thay cho điểm tự chấm.")
        sheet_groups = [panel_groups]
    groups = {
        g.code: aggregate([values[g.code] for values in sheet_groups], mode, panel=panel_groups[g.code] if panel_groups else None)
        for g in table.groups
    }
    totals = tuple(_combine(table, values) for values in sheet_groups)
    return UnitScore(
        unit=unit,
        total=aggregate(totals, mode, panel=_combine(table, panel_groups) if panel_groups else None),
        groups=groups,
        self_total=sheet_total(table, self_sheet) if self_sheet is not None else None,
        scorer_totals=totals,
        professional=_sum_groups(table, groups, lambda g: g.professional),
        penalties=_sum_groups(table, groups, lambda g: g.is_penalty),
        bonus=_sum_groups(table, groups, lambda g: g.is_bonus),
    )


# -- the ranking ------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    rank: int
    unit: Hashable
    total: Decimal
    groups: dict[str, Decimal]
    self_total: Decimal | None
    scorers: int
    spread: Decimal  # highest minus lowest scorer total: how much the scorers disagree
    tied: bool  # equal on every tie-break key: the conference settles it


# Each key maps a unit to a number where SMALLER ranks first.
_TIE_KEYS = {
    "total": lambda u: -u.total,
    "professional": lambda u: -u.professional,  # more professional-task points wins
    "penalties": lambda u: u.penalties,  # fewer points lost wins
    "bonus": lambda u: -u.bonus,  # more bonus points wins
}


def _unit_order(unit: Hashable) -> tuple:
    """Orders units that are still tied, by id, so that the output never depends on the
    input order; numbers before strings, since ids of either kind may be passed."""
    return (0, unit, "") if isinstance(unit, int) else (1, 0, str(unit))


def rank(units: Sequence[UnitScore], tie_break: Sequence[str] = DEFAULT_TIE_BREAK) -> list[RankRow]:
    """Rank by total (descending), then by the tie-break keys in order (see _TIE_KEYS).
    Units equal on every key share a rank and the next rank skips (1, 2, 2, 4); they are
    flagged `tied` and listed by unit id."""
    unknown = [key for key in tie_break if key not in _TIE_KEYS]
    if unknown:
        raise ScoringError(f"Quy tắc xếp hạng khi bằng điểm không hợp lệ: «{unknown[0]}».", field="tie_break")
    ids = [u.unit for u in units]
    if len(set(ids)) != len(ids):
        raise ScoringError("Một đơn vị xuất hiện hai lần trong bảng xếp hạng.")
    keys = [_TIE_KEYS["total"], *(_TIE_KEYS[key] for key in tie_break)]

    def signature(u: UnitScore) -> tuple:
        return tuple(key(u) for key in keys)

    ordered = sorted(((signature(u), _unit_order(u.unit), u) for u in units), key=lambda item: item[:2])
    counts = Counter(sig for sig, _, _ in ordered)
    rows: list[RankRow] = []
    for position, (sig, _, u) in enumerate(ordered, start=1):
        shared = position > 1 and sig == ordered[position - 2][0]
        rows.append(
            RankRow(
                rank=rows[-1].rank if shared else position,
                unit=u.unit,
                total=u.total,
                groups=dict(u.groups),
                self_total=u.self_total,
                scorers=len(u.scorer_totals),
                spread=(max(u.scorer_totals) - min(u.scorer_totals)) if u.scorer_totals else Decimal(0),
                tied=counts[sig] > 1,
            )
        )
    return rows
