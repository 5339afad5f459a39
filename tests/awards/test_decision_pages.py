"""The organizer's decision pages: the form shows each recipient's checks, refuses (nothing
saved) a dissolved unit, the Flag and a Certificate of Merit for one unit and year, a number
used twice, and a failing recipient without its own reason; the detail, the Decree 30
document and the revocation (confirmed)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.awards.documents import decision_document
from thidua.awards.models import Award, Decision
from thidua.core.models import AuditEvent

from .helpers import award, proposal, rate

pytestmark = pytest.mark.django_db
NEW = reverse("awards_decision_new")


@pytest.fixture
def year_2024(world):
    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        add_member(cy, unit)
    proposal(cy, world.member_unit, kind="flag")
    rate(world.member_unit, {2024: "excellent"})
    return cy


def post(client, rows, **fields):
    data = {"year": 2024, "number": "15/QĐ-BA", "date": "2025-01-20", "signer": "Thứ trưởng Nguyễn Văn A", "action": "save",
            "rows": len(rows), **fields}  # fmt: skip
    for i, (unit, code, *reason) in enumerate(rows):
        data.update({f"unit-{i}": unit.pk, f"award-{i}": code, f"reason-{i}": reason[0] if reason else ""})
    return client.post(NEW, data)


def test_the_form_starts_from_the_proposals_and_shows_each_check(world, year_2024, client_for):
    html = client_for(world.organizer_officer).get(NEW + "?year=2024").content.decode()
    assert f'<option value="{world.member_unit.pk}" selected>' in html and '<option value="flag_ministry" selected>' in html
    assert "Được cụm thi đua bình xét, suy tôn</strong>: Được cụm thi đua đề nghị năm 2024: 8 phiếu" in html
    assert "Căn cứ: Điều 26 Luật Thi đua, khen thưởng số 06/2022/QH15" in html  # the article in force for 2024
    # no registration recorded: unknown, never passed
    assert "Thiếu dữ liệu để kết luận" in html and "Chưa có đăng ký thi đua năm 2024" in html and "Đạt điều kiện" not in html


def test_a_decision_is_recorded_then_shown_and_in_the_registry(world, year_2024, client_for):
    client = client_for(world.organizer_officer)
    response = post(client, [(world.member_unit, "flag_ministry")])
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == reverse("awards_decision", args=[decision.pk])
    html = client.get(response.url).content.decode()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh" in html and world.member_unit.name in html and "20/01/2025" in html
    unit_html = client_for(world.member_officer).get(reverse("unit_detail", args=[world.member_unit.pk])).content.decode()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2024" in unit_html


def test_a_failing_recipient_needs_its_own_reason_which_is_kept(world, year_2024, client_for):
    client = client_for(world.organizer_officer)
    response = post(client, [(world.member_unit, "flag_ministry"), (world.deputy_unit, "flag_ministry")])
    assert response.status_code == 400 and not Decision.objects.exists()
    html = response.content.decode()
    assert "Chưa đạt điều kiện" in html and "Không được cụm đề nghị" in html and 'name="reason-1"' in html
    response = post(client, [(world.member_unit, "flag_ministry"), (world.deputy_unit, "flag_ministry", "Bộ trưởng quyết định trực tiếp")])
    assert response.status_code == 302
    kept = {a.unit_id: a for a in Award.objects.all()}
    assert kept[world.deputy_unit.pk].override_reason == "Bộ trưởng quyết định trực tiếp"
    assert any(c["rule"] == "cluster_vote" for c in kept[world.deputy_unit.pk].failed_checks)
    assert kept[world.member_unit.pk].override_reason == "" and kept[world.member_unit.pk].failed_checks == []


def test_a_unit_dissolved_before_the_date_is_refused_whatever_the_reason(world, year_2024, client_for):
    gone = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", valid_to=dt.date(2025, 1, 1), managed_by=world.organizer)
    add_member(year_2024, gone)
    response = post(client_for(world.organizer_officer), [(gone, "labour_excellent", "dù sao")])
    assert response.status_code == 400 and "sáp nhập từ ngày 01/01/2025" in response.content.decode()
    assert not Decision.objects.exists() and not Award.objects.exists()


def test_the_flag_and_a_certificate_for_one_unit_and_year_are_refused(world, year_2024, client_for):
    response = post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry"), (world.member_unit, "merit_minister", "x")])
    assert response.status_code == 400 and "Cũng được đề nghị Cờ thi đua" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_number_used_twice_is_refused_with_a_clear_message(world, year_2024, client_for):
    award(world.leader_unit, "labour_excellent", 2024, world.organizer, number="15/QĐ-BA")
    response = post(client_for(world.organizer_officer), [(world.member_unit, "flag_ministry")])
    assert response.status_code == 409 and "Số quyết định 15/QĐ-BA đã được dùng trong năm 2024." in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_unit_officer_may_not_record(world, year_2024, client_for):
    response = post(client_for(world.leader_officer), [(world.member_unit, "flag_ministry")])
    assert response.status_code == 403 and not Decision.objects.exists()


def test_the_decree_30_document(world, year_2024):
    decision = Decision.objects.create(
        organizer=world.organizer, number="15/QĐ-BA", date=dt.date(2025, 1, 20), signer="Thứ trưởng Nguyễn Văn A", year=2024
    )
    Award.objects.create(decision=decision, unit=world.member_unit, award="flag_ministry", year=2024)
    doc = decision_document(decision)
    texts = [" ".join(r.text for r in b.runs) for b in doc.body if hasattr(b, "runs")]
    assert str(doc.number) == "15/QĐ-BA" and doc.type_title == "QUYẾT ĐỊNH"
    assert any(t.startswith("Căn cứ") and "Nghị định số 98/2023/NĐ-CP" in t for t in texts)  # the 2024 period's decree
    assert "QUYẾT ĐỊNH:" in texts and any(t.startswith("Điều 1.") for t in texts)
    assert doc.signatures[0].authority == ["KT. THỦ TRƯỞNG", "THỨ TRƯỞNG"] or doc.signatures[0].authority[1] == "THỨ TRƯỞNG"
    assert doc.signatures[0].signer == "Nguyễn Văn A"
    table = next(b for b in doc.annex if hasattr(b, "header"))
    assert table.rows == [["1", world.member_unit.name, "Cờ thi đua cấp Bộ, ngành, tỉnh"]]


def test_the_document_downloads(world, year_2024, client_for):
    decision = Decision.objects.create(
        organizer=world.organizer, number="15/QĐ-BA", date=dt.date(2025, 1, 20), signer="Thứ trưởng", year=2024
    )
    Award.objects.create(decision=decision, unit=world.member_unit, award="flag_ministry", year=2024)
    client = client_for(world.organizer_officer)
    preview = client.get(reverse("awards_decision_document", args=[decision.pk, "preview"]))
    assert preview.status_code == 200 and "QUYẾT ĐỊNH:" in preview.content.decode()
    docx = client.get(reverse("awards_decision_document", args=[decision.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(reverse("awards_decision_document", args=[decision.pk, "exe"])).status_code == 404


def test_revocation_is_confirmed_then_shown_as_revoked(world, year_2024, client_for):
    a = award(world.member_unit, "flag_ministry", 2024, world.organizer, number="15/QĐ-BA")
    client = client_for(world.organizer_officer)
    url = reverse("awards_decision_revoke", args=[a.decision.pk])
    body = {"reason": "Kê khai không trung thực", "basis": "Luật Thi đua, khen thưởng số 06/2022/QH15"}
    asked = client.post(url, body)
    assert asked.status_code == 200 and "Hủy bỏ khen thưởng của Quyết định số 15/QĐ-BA?" in asked.content.decode()
    a.refresh_from_db()
    assert not a.revoked
    assert client.post(url, {**body, "confirmed": "1"}).status_code == 302
    a.refresh_from_db()
    assert a.revoked and a.revoked_reason == "Kê khai không trung thực"
    assert AuditEvent.objects.filter(action="decision.revoke").count() == 1
    html = client.get(reverse("awards_decision", args=[a.decision.pk])).content.decode()
    assert "đã hủy bỏ" in html and "Kê khai không trung thực" in html


def test_revocation_without_a_reason_saves_nothing(world, year_2024, client_for):
    a = award(world.member_unit, "flag_ministry", 2024, world.organizer, number="15/QĐ-BA")
    client = client_for(world.organizer_officer)
    client.post(reverse("awards_decision_revoke", args=[a.decision.pk]), {"reason": "", "basis": "", "confirmed": "1"})
    a.refresh_from_db()
    assert not a.revoked and not AuditEvent.objects.filter(action="decision.revoke").exists()


def test_an_award_already_conferred_is_refused_and_not_proposed_again(world, year_2024, client_for):
    award(world.member_unit, "flag_ministry", 2024, world.organizer, number="3/QĐ-BA")
    client = client_for(world.organizer_officer)
    html = client.get(NEW + "?year=2024").content.decode()
    assert '<option value="flag_ministry" selected>' not in html  # the proposal is decided already
    response = post(client, [(world.member_unit, "flag_ministry", "lần nữa")])
    assert (
        response.status_code == 400
        and "đã được tặng Cờ thi đua cấp Bộ, ngành, tỉnh năm 2024 (Quyết định số 3/QĐ-BA)" in response.content.decode()
    )
    assert Decision.objects.count() == 1
