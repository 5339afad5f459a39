"""What the scoring pages cost in SQL statements: no statement twice in one request (the
year's rules, the members' roles and the assignments are read once per request however many
rules, selectors and views ask — core.memo), no ordering joins nobody needs, and the same
number of statements for a small and a large table (5 vs 60 criteria) and cluster (3 vs 20
units)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UnitFactory, add_member
from thidua.org.models import Phase
from thidua.scoring import services
from thidua.scoring.models import CriteriaTable

from .helpers import PDF, make_table, media, officer_of, set_phase, upload  # noqa: F401  (media: fixture)

pytestmark = pytest.mark.usefixtures("media")

# Statements a signed-in page pays before the page's own reads: the session and the user,
# the user's unit shown in the menu, and the unread count of the navbar's bell (one COUNT).
SESSION = 4
# The cross-scoring sheet as the scorer: the year, its members (roles and units), its rules,
# the table (3), both sheets with entries and evidence (3), the queries with their replies and
# the replies' files (3).
CROSS_SHEET = SESSION + 1 + 1 + 1 + 3 + 3 + 3


def table_of(n: int) -> dict:
    """n criteria of 1 point, five to a group."""
    groups = []
    for g in range(0, n, 5):
        criteria = [
            {"code": f"{g // 5 + 1}.{i + 1}", "title": f"Tiêu chí {g + i + 1}", "kind": "points", "max_points": 1, "evidence": i == 0}
            for i in range(min(5, n - g))
        ]
        groups.append({"code": str(g // 5 + 1), "title": f"Nhóm {g // 5 + 1}", "max_points": len(criteria), "criteria": criteria})
    return {"groups": groups}


def year_in_cross_scoring(world, criteria: int, units: int):
    """The world's year in cross-scoring with `criteria` criteria and `units` members: the
    leader unit self-assessed every criterion with a file and submitted; the member unit
    scored it (a draft) and asked about the first criterion, which the leader answered."""
    for _ in range(units - 3):
        add_member(world.cluster_year, UnitFactory(managed_by=world.organizer))
    make_table(world, table_of(criteria), frozen=True)
    cy = set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)
    codes = [c.code for c in CriteriaTable.objects.get(cluster_year=cy).criteria.all()]
    leader, member = world.leader_unit, world.member_unit
    full = [{"criterion": code, "points": "1", "note": "Đã thực hiện"} for code in codes]
    services.evidence_upload(actor=world.leader_officer, cluster_year=cy, unit=leader, criterion_code=codes[0],
                             uploaded=upload("bao-cao.pdf", PDF))  # fmt: skip
    services.self_sheet_save(actor=world.leader_officer, cluster_year=cy, unit=leader, entries=full)
    services.self_sheet_submit(actor=world.leader_officer, cluster_year=cy, unit=leader, confirm_missing_evidence=True)
    cy = set_phase(cy, Phase.CROSS_SCORING)
    services.cross_sheet_save(actor=officer_of(world, member), cluster_year=cy, unit=leader, scorer=member, entries=full)
    query = services.score_query_ask(actor=world.member_officer, cluster_year=cy, unit=leader, scorer=member, criterion_code=codes[0],
                                     text="Đề nghị gửi văn bản.")  # fmt: skip
    services.score_query_reply(actor=world.leader_officer, query=query, text="Đã gửi.")
    return cy


def statements(client, path) -> list[str]:
    client.get(path)  # warm: the first request of a client may load what later ones reuse
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in captured.captured_queries]


def assert_no_repeats(sql: list[str]) -> None:
    repeated = sorted({s for s in sql if sql.count(s) > 1})
    assert repeated == [], repeated


PAGES = {
    # page: (url name, whose view, the scored unit in the URL)
    "cross sheet as the scorer": ("scoring_cross", "member_officer", "leader_unit"),
    "cross sheet as the organizer": ("scoring_cross_by", "organizer_officer", "leader_unit"),
    "self-assessment as the unit": ("scoring_self", "leader_officer", "leader_unit"),
    "self-assessment as a scorer": ("scoring_self", "member_officer", "leader_unit"),
    "criteria table": ("scoring_criteria", "member_officer", None),
    "self-assessment home": ("scoring_self_home", "member_officer", None),
    "cross-scoring home": ("scoring_cross_home", "member_officer", None),
    "assignments": ("scoring_assignments", "leader_officer", None),
}


def page_url(world, name: str, unit: str | None) -> str:
    args = [world.cluster.pk, world.cluster_year.year]
    if unit:
        args.append(getattr(world, unit).pk)
    if name == "scoring_cross_by":
        args.append(world.member_unit.pk)
    return reverse(name, args=args)


def grow_table(table: CriteriaTable, data: dict) -> None:
    """Add criteria to a frozen table directly (the services refuse, rightly): only the
    number of rows matters here."""
    from thidua.scoring.models import Criterion, CriterionGroup

    start = table.groups.count()
    for i, g in enumerate(data["groups"][start:], start=start):
        group = CriterionGroup.objects.create(table=table, code=f"X{i}", title=g["title"], max_points=g["max_points"], order=i)
        for j, c in enumerate(g["criteria"]):
            Criterion.objects.create(table=table, group=group, code=f"X{i}.{j}", title=c["title"], kind="points", max_points=1, order=j)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_reads_nothing_twice_and_does_not_grow(page, world, client_for):
    name, who, unit = PAGES[page]
    year_in_cross_scoring(world, criteria=5, units=3)
    client = client_for(getattr(world, who))
    small = statements(client, page_url(world, name, unit))
    assert_no_repeats(small)
    # The same year grown to 60 criteria (a new table, as a copy would make) and 20 units.
    for _ in range(17):
        add_member(world.cluster_year, UnitFactory(managed_by=world.organizer))
    big = table_of(60)
    table = CriteriaTable.objects.get(cluster_year=world.cluster_year)
    grow_table(table, big)
    large = statements(client, page_url(world, name, unit))
    assert_no_repeats(large)
    assert len(large) == len(small)


@pytest.mark.parametrize("criteria,units", [(5, 3), (60, 20)])
def test_the_cross_sheet_as_the_scorer_statement_count(world, client_for, criteria, units):
    year_in_cross_scoring(world, criteria=criteria, units=units)
    sql = statements(client_for(world.member_officer), page_url(world, "scoring_cross", "leader_unit"))
    assert len(sql) <= CROSS_SHEET, "\n".join(sql)
    assert_no_repeats(sql)
    # No default orderings that join the year, the cluster and the units to sort a sheet's rows.
    assert not [s for s in sql if "scoring_scoreentry" in s and "org_organizer" in s]
