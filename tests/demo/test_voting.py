"""The demo replay of Cụm thi đua số II's 2017 conference (through real polls, illustrative
counts), and the documents: vote-counting minutes, conference minutes, invitation —
opened with python-docx as Word would read them."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.voting.helpers import text_of
from thidua.core.audit import audit_verify
from thidua.documents.docx import render_docx
from thidua.org.models import ClusterYear, Membership, Phase, Role, User
from thidua.voting import documents, services
from thidua.voting.models import Ballot, CheckIn, Participation, Poll, Proposal

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture
def demo(demo_loaded, settings):
    """The demo, loaded once for the package (tests/demo/conftest.py: demo_loaded); its output."""
    settings.DEBUG = True
    return demo_loaded


def names(ids) -> list[str]:
    from thidua.org.models import Unit

    units = Unit.objects.in_bulk(ids)
    return [units[i].province.short_name for i in ids]


def test_the_demo_replays_cluster_ii_2017_through_real_polls(demo, client_for):
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    assert cy.phase == Phase.CLOSED  # back where the organisation demo left it
    polls = list(Poll.objects.filter(cluster_year=cy).order_by("pk"))
    assert [p.kind for p in polls] == ["flag", "merit", "leader", "deputy"]
    assert all(p.state == "closed" and "minh họa" in p.title and "MINH HỌA" in p.notes for p in polls)
    assert [names(p.elected) for p in polls] == [["Yên Bái", "Bắc Giang"], ["Hòa Bình", "Bắc Ninh"], ["Thái Nguyên"],
                                                 ["Phú Thọ", "Bắc Ninh"]]
    for poll in polls:
        assert Ballot.objects.filter(poll=poll).count() == Participation.objects.filter(poll=poll).count() == 10
        assert poll.digest and len(poll.digest) == 64
    assert CheckIn.objects.filter(conference__cluster_year=cy).count() == 10
    proposals = {(p.kind, p.unit.province.short_name) for p in Proposal.objects.filter(cluster_year=cy).select_related("unit__province")}
    assert proposals == {("flag", "Yên Bái"), ("flag", "Bắc Giang"), ("merit", "Hòa Bình"), ("merit", "Bắc Ninh")}
    roles = {m.role: m.unit.province.short_name for m in ClusterYear.objects.get(cluster__number="II", year=2018).memberships.all()
             if m.role != Role.MEMBER}
    assert roles == {Role.LEADER: "Thái Nguyên", Role.DEPUTY1: "Phú Thọ", Role.DEPUTY2: "Bắc Ninh"}
    assert audit_verify().ok
    # Loading again changes nothing.
    call_command("load_demo", stdout=io.StringIO())
    assert Poll.objects.filter(cluster_year=cy).count() == 4 and Ballot.objects.filter(poll__cluster_year=cy).count() == 40
    # Both minutes as .docx, from the pages.
    member = User.objects.get(username="yenbai.canbo")
    client = client_for(member)
    response = client.get(reverse("voting_minutes_docx", args=[cy.cluster_id, 2017]))
    assert response.status_code == 200 and response["Content-Type"].endswith("document")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Có mặt 10/10 đơn vị thành viên" in text
    assert "Hoàng Văn Lợi" in text and "Thái Nguyên" in text
    response = client.get(reverse("voting_counting_docx", args=[polls[0].pk]))
    assert response.status_code == 200


def test_the_vote_counting_minutes(demo):
    poll = Poll.objects.get(cluster_year__cluster__number="II", kind="flag")
    text = text_of(documents.counting_minutes_document(poll))
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "BAN KIỂM PHIẾU" in text and "TRƯỞNG BAN KIỂM PHIẾU" in text
    assert "Số phiếu phát ra: 10; số phiếu thu về: 10." in text
    assert "Số phiếu hợp lệ: 10 (trong đó phiếu trắng: 0); số phiếu không hợp lệ: 0." in text  # none is "0", never "00"
    assert "Sở Ngoại vụ tỉnh Yên Bái" in text and "90,00" in text and "80,00" in text
    assert "Đơn vị được suy tôn đề nghị tặng Cờ thi đua: Sở Ngoại vụ tỉnh Yên Bái, Sở Ngoại vụ tỉnh Bắc Giang." in text
    assert poll.digest in text
    assert "từ 70% tổng số đơn vị thành viên" in text
    leader = Membership.objects.get(cluster_year=poll.cluster_year, role=Role.LEADER).unit
    assert "Số:" in text and f"/BB-{leader.symbol}" in text  # the issuer's symbol
    assert "ngày 01 tháng 12 năm 2017" in text  # dated by the count, though not numbered


def test_the_conference_minutes_and_the_invitation(demo):
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    text = text_of(documents.conference_minutes_document(cy))
    for expected in ("BIÊN BẢN", "THỜI GIAN, ĐỊA ĐIỂM", "30/11/2017 đến ngày 01/12/2017", "Khách mời", "Chủ tọa:", "Thư ký:",
                     "KẾT QUẢ BIỂU QUYẾT", "Bầu đơn vị Cụm trưởng năm 2018", "Cụm trưởng: Sở Ngoại vụ tỉnh Thái Nguyên",
                     "Cụm phó thứ nhất: Sở Ngoại vụ tỉnh Phú Thọ", "Cụm phó thứ hai: Sở Ngoại vụ tỉnh Bắc Ninh",
                     "nhất trí thông qua", "THƯ KÝ", "CHỦ TỌA", "Đỗ Ngọc Dũng"):
        assert expected in text, expected
    doc = docx.Document(io.BytesIO(render_docx(documents.conference_minutes_document(cy))))
    last = doc.tables[-1]
    assert "THƯ KÝ" in last.cell(0, 0).text and "CHỦ TỌA" in last.cell(0, 1).text
    invitation = text_of(documents.invitation_document(cy))
    assert "GIẤY MỜI" in invitation and "Kính mời" in invitation and "Thành phố Thái Nguyên" in invitation
    leader = Membership.objects.get(cluster_year=cy, role=Role.LEADER).unit
    assert f"/GM-{leader.symbol}" in invitation
    assert "Biên bản lập xong" not in text and "cùng ngày" not in text  # a two-day conference


def test_numbering_the_invitation_in_the_leader_units_register(demo):
    cy = ClusterYear.objects.get(cluster__number="II", year=2017)
    officer = User.objects.get(username="haiphong.canbo")
    conference = services.conference_document_issue(actor=officer, cluster_year=cy, kind="invitation")
    assert str(conference.invitation.document_number).endswith(f"/GM-{officer.unit.symbol}")
    assert conference.invitation.unit == officer.unit
    assert f"Số: {conference.invitation.document_number}" in text_of(documents.invitation_document(cy))
    from thidua.core.errors import Conflict

    with pytest.raises(Conflict):
        services.conference_document_issue(actor=officer, cluster_year=cy, kind="invitation")
