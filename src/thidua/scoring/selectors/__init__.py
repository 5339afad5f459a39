"""Reads of the scoring app: the year's table as arithmetic specs, who scores whom, sheets,
progress, and the ranking. Every list costs a constant number of queries whatever the
number of units, criteria or scorers; the numbers are always computed by arithmetic.py.

One module per subject (year.py: rules, table, members, assignments; sheets.py; ranking.py),
all answered from here: `selectors.table_for(...)`."""

from .ranking import (
    RANKING_CACHE_SECONDS,
    Ranking,
    RankingLine,
    YearTotal,
    group_table,
    ranking,
    ranking_years_visible,
    rankings_for,
    unit_totals_in,
    unit_totals_over_years,
)
from .sheets import (
    UnitProgress,
    evidence_get,
    progress,
    queries_for,
    query_get,
    reply_file_get,
    sheet_by_id,
    sheet_data,
    sheet_entries,
    sheet_get,
    sheet_totals,
    sheets_get,
    submitted_evidence_ids,
)
from .year import (
    PANEL_ROLES,
    YearRules,
    assignment_map,
    cross_kind,
    grouped_criteria,
    is_assigned,
    member_unit,
    previous_table,
    scorers_of,
    table_as_dict,
    table_for,
    table_spec,
    tables_for,
    units_scored_by,
    year_members,
    year_roles,
    year_rules,
    years_members,
    years_rules,
)

__all__ = [
    "PANEL_ROLES", "RANKING_CACHE_SECONDS", "Ranking", "RankingLine", "UnitProgress", "YearRules", "YearTotal",
    "assignment_map", "cross_kind", "evidence_get", "group_table", "grouped_criteria", "is_assigned", "member_unit",
    "previous_table", "progress", "queries_for", "query_get", "ranking", "ranking_years_visible",
    "rankings_for", "reply_file_get", "scorers_of", "sheet_by_id", "sheet_data", "sheet_entries", "sheet_get", "sheet_totals", "sheets_get",
    "submitted_evidence_ids", "table_as_dict", "table_for", "table_spec", "tables_for", "unit_totals_in",
    "unit_totals_over_years", "units_scored_by", "year_members", "year_roles", "year_rules", "years_members", "years_rules",
]  # fmt: skip
