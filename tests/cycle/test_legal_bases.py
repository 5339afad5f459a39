"""A decision cites the law and decree in force on its date (cycle.legal_bases): the draft
decision of a 2017 year cited the 2022 Law and Decree 98/2023, and one of 2026 cited
Decree 98/2023, replaced by Decree 152/2025 on 1 July 2025."""

import datetime as dt

import pytest

from tests.cycle.test_documents import opened
from thidua.cycle.legal_bases import emulation_law_bases
from thidua.voting.documents_more import decision_document
from thidua.voting.services import conference_of


@pytest.mark.parametrize("day, law, decree", [
    (dt.date(2017, 3, 1), "26 tháng 11 năm 2003", "42/2010/NĐ-CP"),
    (dt.date(2017, 12, 1), "26 tháng 11 năm 2003", "91/2017/NĐ-CP"),
    (dt.date(2023, 12, 31), "26 tháng 11 năm 2003", "91/2017/NĐ-CP"),
    (dt.date(2024, 1, 1), "15 tháng 6 năm 2022", "98/2023/NĐ-CP"),
    (dt.date(2025, 6, 30), "15 tháng 6 năm 2022", "98/2023/NĐ-CP"),
    (dt.date(2025, 7, 1), "15 tháng 6 năm 2022", "152/2025/NĐ-CP"),
])
def test_the_bases_in_force_on_a_day(day, law, decree):
    law_line, decree_line = emulation_law_bases(day)
    assert law_line.startswith("Căn cứ Luật Thi đua, khen thưởng ngày ") and law in law_line and law_line.endswith(";")
    assert decree_line.startswith(f"Căn cứ Nghị định số {decree}") and decree_line.endswith(";")


@pytest.mark.django_db
@pytest.mark.parametrize("day, decree", [(dt.date(2026, 12, 16), "152/2025/NĐ-CP"), (dt.date(2024, 12, 16), "98/2023/NĐ-CP")])
def test_the_draft_decision_cites_what_is_in_force_on_the_conference_day(world, day, decree):
    conference = conference_of(world.cluster_year)
    conference.date = day
    conference.save(update_fields=["date"])
    texts = [p.text for p in opened(decision_document(world.cluster_year)).paragraphs]
    bases = [t for t in texts if t.startswith("Căn cứ Nghị định")]
    assert len(bases) == 1 and decree in bases[0], bases
