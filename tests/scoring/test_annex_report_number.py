"""The ranking annex says which report it is annexed to: the year-end report's number and
day once the leader unit's văn thư gave it (cycle.numbered), and the same issuer."""

from __future__ import annotations

import pytest

from thidua.cycle import documents_more
from thidua.cycle.numbered import year_document_number_issue
from thidua.documents.html import render_html
from thidua.scoring.documents_annex import ranking_annex_document

pytestmark = pytest.mark.django_db


def test_the_annex_names_the_numbered_report(world):
    before = " ".join(render_html(ranking_annex_document(world.cluster_year)).split())
    # the issuer's whole name ("Sở Ngoại vụ" alone, as its header's second line says it, names no one)
    assert f"(Kèm theo Báo cáo tổng kết công tác thi đua, khen thưởng của {world.leader_unit.name})" in before
    issued = year_document_number_issue(actor=world.leader_officer, cluster_year=world.cluster_year, kind="bao-cao-tong-ket",
                                        document=documents_more.report_document(world.cluster_year), number=15)
    annex = ranking_annex_document(world.cluster_year)
    text = " ".join(render_html(annex).split())
    assert f"(Kèm theo Báo cáo số 15/BC-{world.leader_unit.symbol} ngày {issued.date:%d/%m/%Y} của {world.leader_unit.name})" in text
    assert annex.issuer.unit_id == world.leader_unit.pk
