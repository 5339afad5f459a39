"""Downloads are named by one scheme (cluster, year, what; never a database id), a penalty
group has the same sign in the ranking page and its .xlsx, and every exported sheet has
its print set-up."""

from __future__ import annotations

import re
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.cycle.conftest import covenant_phase
from thidua.org.models import Phase

from .helpers import FULL, entries, open_self_assessment, set_phase, submit_cross, submit_self, units

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^attachment; filename=\"([A-Za-z0-9_.-]+)\"; filename\*=UTF-8''(\S+)$")


def names(response) -> tuple[str, str]:
    assert response.status_code == 200, response.content[:500]
    match = NAME.match(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    return match.group(1), unquote(match.group(2))


def year_url(name, world, *args):
    return reverse(name, args=[world.cluster.pk, 2026, *args])


def penalised_ranking(world):
    """Ranking phase; every unit loses 2 points in the penalty group IV in each cross sheet."""
    open_self_assessment(world)
    for unit in units(world):
        submit_self(world, unit, FULL)
    set_phase(world.cluster_year, Phase.CROSS_SCORING)
    for unit in units(world):
        for scorer in units(world):
            if scorer != unit:
                submit_cross(world, unit, scorer, entries(I_1=9, I_2=8, II_1=6, IV_1=2))
    return set_phase(world.cluster_year, Phase.RANKING)


def test_the_scoring_spreadsheets_names(world, client_for):
    penalised_ranking(world)
    client = client_for(world.member_officer)
    assert names(client.get(year_url("scoring_criteria_export", world))) == (
        "Cum-thi-dua-so-1_2026_Bang-tieu-chi.xlsx", "Cụm thi đua số 1_2026_Bảng tiêu chí.xlsx")
    assert names(client.get(year_url("scoring_ranking_export", world))) == (
        "Cum-thi-dua-so-1_2026_Xep-hang.xlsx", "Cụm thi đua số 1_2026_Xếp hạng.xlsx")


def test_the_cycle_documents_names_on_the_pages_and_the_api(world, client_for, api_for):
    covenant_phase(world)
    page = names(client_for(world.member_officer).get(year_url("cycle_covenant_docx", world)))
    assert page == ("Cum-thi-dua-so-1_2026_Giao-uoc-thi-dua.docx", "Cụm thi đua số 1_2026_Giao ước thi đua.docx")
    api = api_for(world.member_officer).get(f"/api/v1/clusters/{world.cluster.pk}/years/2026/covenant.docx")
    assert names(api) == page


def test_the_plan_name(world, client_for):
    set_phase(world.cluster_year, Phase.IN_PROGRESS)
    client = client_for(world.leader_officer)
    assert client.post(year_url("cycle_plan", world), {"date": "23/11/2026", "confirmed": "1"}).status_code == 302
    ascii_name, readable = names(client.get(year_url("cycle_plan_docx", world)))
    assert ascii_name == "Cum-thi-dua-so-1_2026_Ke-hoach-to-chuc-Hoi-nghi-tong-ket.docx"
    assert readable == "Cụm thi đua số 1_2026_Kế hoạch tổ chức Hội nghị tổng kết.docx"


def test_the_voting_documents_names_carry_the_poll_title_not_its_id(client_for):
    from tests.voting.conftest import build_electorate

    e = build_electorate(3)
    e.check_in()
    poll = e.poll(title="Bầu Cụm trưởng năm 2027", method="single", max_choices=1, seats=1)
    e.cast(poll, 0, choices=[e.units[0].pk])
    e.close(poll)
    client = client_for(e.leader_officer)
    args = [e.cluster_year.cluster_id, 2026]
    assert names(client.get(reverse("voting_invitation_docx", args=args)))[0] == "Cum-thi-dua-so-7_2026_Giay-moi-Hoi-nghi-tong-ket.docx"
    assert names(client.get(reverse("voting_minutes_docx", args=args)))[0] == "Cum-thi-dua-so-7_2026_Bien-ban-Hoi-nghi-tong-ket.docx"
    counting = names(client.get(reverse("voting_counting_docx", args=[poll.pk])))
    assert counting == ("Cum-thi-dua-so-7_2026_Bien-ban-kiem-phieu_Bau-Cum-truong-nam-2027.docx",
                        "Cụm thi đua số 7_2026_Biên bản kiểm phiếu_Bầu Cụm trưởng năm 2027.docx")  # fmt: skip
    ballots = names(client.get(reverse("voting_ballots_json", args=[poll.pk])))
    assert ballots[0] == "Cum-thi-dua-so-7_2026_Danh-sach-phieu_Bau-Cum-truong-nam-2027.json"
    assert str(poll.pk) not in counting[0].replace("2026", "").replace("2027", "").replace("so-7", "")


def test_a_penalty_has_the_same_sign_on_the_page_and_in_the_xlsx(world, client_for):
    penalised_ranking(world)
    client = client_for(world.member_officer)
    html = client.get(year_url("scoring_ranking", world)).content.decode()
    row = re.search(r"<tr[^>]*>\s*<td><span class=\"td-rank\">1</span>.*?</tr>", html, re.S).group(0)
    cells = re.findall(r'<td class="td-num d-none d-sm-table-cell">([^<]*)</td>', row)
    assert cells[:4] == ["17", "6", "0", "−2"]  # I, II, III, IV (the penalty, negative); then the difference
    assert "Điểm trừ" in html
    ws = load_workbook(BytesIO(client.get(year_url("scoring_ranking_export", world)).content)).active
    headers = [c.value for c in ws[2]]
    iv = headers.index("IV. Điểm trừ")  # titled so already; another title gets "(Điểm trừ)"
    assert ws.cell(row=3, column=iv + 1).value == -2  # the same sign as on the page
    assert ws.cell(row=3, column=headers.index("I. Nhiệm vụ chuyên môn") + 1).value == 17


def test_every_exported_sheet_has_its_print_setup(world, client_for):
    penalised_ranking(world)
    client = client_for(world.member_officer)
    exports = (("scoring_ranking_export", "$2:$2", "landscape"), ("scoring_criteria_export", "$1:$1", "landscape"))
    for name, title_rows, orientation in exports:
        ws = load_workbook(BytesIO(client.get(year_url(name, world)).content)).active
        assert str(ws.page_setup.paperSize) == "9" and ws.page_setup.orientation == orientation, name  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == title_rows
        assert "Cụm thi đua số 1" in ws.oddHeader.center.text and "2026" in ws.oddHeader.center.text
        assert "&P" in ws.oddFooter.right.text


def test_the_exported_criteria_table_still_imports(world, client_for):
    """The print set-up does not disturb the round trip of the criteria table."""
    from thidua.scoring import table_io

    open_self_assessment(world)
    data = client_for(world.member_officer).get(year_url("scoring_criteria_export", world)).content
    assert [g.code for g in table_io.import_xlsx(data).groups] == ["I", "II", "III", "IV"]

