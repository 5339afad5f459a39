"""Every .xlsx the product writes stores people's text as text: a criterion title, a
group's name or a unit's name that starts like a formula comes back as the same text in a
string cell, never as a live formula (checked in the saved file's XML too); numbers stay
numbers. Through the real downloads: the criteria table and the ranking."""

from __future__ import annotations

import copy
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.org.models import Unit
from thidua.scoring.models import CriterionGroup
from thidua.scoring.table_io import export_xlsx, import_xlsx, table_from_dict

from .helpers import SMALL_TABLE, make_table, scored_year

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+2+3",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
]


def _hostile_table() -> dict:
    data = copy.deepcopy(SMALL_TABLE)
    titles = iter(HOSTILE * 2)
    for group in data["groups"]:
        group["title"] = next(titles)
        for criterion in group["criteria"]:
            criterion["title"] = next(titles)
    data["groups"][1]["code"] = "=II"
    data["groups"][1]["criteria"][0]["code"] = "=II.1"
    return data


def _cells(content: bytes) -> list:
    return [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row if cell.value is not None]


def _assert_no_formula(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >]", xml), name
                assert 't="e"' not in xml, name  # nor an error cell ("#N/A")


def _assert_texts_kept(content: bytes, texts: list[str]) -> None:
    cells = _cells(content)
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in texts:
        assert text in by_value, text
        assert by_value[text].data_type == "s", text
    for cell in cells:
        if isinstance(cell.value, str):
            assert cell.data_type == "s", cell.value
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value.lstrip().startswith(("=", "+", "-", "@"))]
    assert formula_like and all(c.quotePrefix for c in formula_like)  # stays text when edited in Excel


def test_criteria_table_export_keeps_titles_and_codes_as_text():
    table = table_from_dict(_hostile_table())
    content = export_xlsx(table)
    _assert_no_formula(content)
    texts = [g.title for g in table.groups] + [c.title for c in table.criteria] + ["=II", "=II.1"]
    _assert_texts_kept(content, texts)
    numbers = [c for c in _cells(content) if c.column_letter in "CH" and c.row > 1]
    assert numbers and all(c.data_type == "n" and isinstance(c.value, int | float) for c in numbers)
    # Exact values, no apostrophe: what is exported imports back the same (but for the
    # blanks around a text, which the import trims, as it always has).
    trimmed = table_from_dict({"groups": [
        {**g, "title": g["title"].strip(), "criteria": [{**c, "title": c["title"].strip()} for c in g["criteria"]]}
        for g in _hostile_table()["groups"]
    ]})  # fmt: skip
    assert import_xlsx(export_xlsx(trimmed)) == trimmed


@pytest.mark.django_db
def test_criteria_table_download(world, client_for):
    make_table(world, _hostile_table())
    response = client_for(world.member_officer).get(reverse("scoring_criteria_export", args=[world.cluster.pk, 2026]))
    assert response.status_code == 200
    _assert_no_formula(response.content)
    _assert_texts_kept(response.content, [t.strip() for t in HOSTILE] + ["=II.1"])


@pytest.mark.django_db
def test_ranking_download_keeps_unit_names_and_group_titles_as_text(world, client_for):
    names = ['=HYPERLINK("http://x","y")', "+Sở Ngoại vụ", "@Sở Ngoại vụ"]
    for unit, name in zip((world.leader_unit, world.deputy_unit, world.member_unit), names, strict=True):
        Unit.objects.filter(pk=unit.pk).update(name=name)  # names as an officer may have typed them
    scored_year(world)
    CriterionGroup.objects.filter(code="II").update(title="-1+1")
    response = client_for(world.organizer_officer).get(reverse("scoring_ranking_export", args=[world.cluster.pk, 2026]))
    assert response.status_code == 200
    _assert_no_formula(response.content)
    _assert_texts_kept(response.content, [*names, "II. -1+1"])
    totals = [c for c in _cells(response.content) if c.column_letter == "C" and c.row > 2]
    assert len(totals) == 3 and all(c.data_type == "n" for c in totals)
