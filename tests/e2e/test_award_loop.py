"""The whole award loop in the browser (Debian's Chromium), after the vote — folded from the
former dossier and decision tests so that the browser suite runs it once:

the vote (the conference's Flag poll: both heads vote on their phones, the leader closes it)
→ the leader unit builds the dossier → the proposed unit's officer
writes its achievement report on a 390 px phone and its head confirms it → the leader sends
the dossier → the Ministry's officer returns it with a reason → the leader sends it again →
the Ministry accepts it → the Ministry records the decision on the form (prefilled from the
proposals; a second recipient failing its checks is refused until it has its own reason;
the signed PDF attached, its signature checked) → the dossier shows "decided" and, on the
phone, the unit's page shows the award and its predecessor's (the province merged in 2025),
and the national registry finds them. Screenshots go to test-artifacts/ (and $THIDUA_SHOTS)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.awards.helpers import award, rate
from tests.documents.pki import make_ca, signed_sample_pdf
from tests.factories import ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from thidua.awards.models import Award, Decision, Dossier
from thidua.org.models import ClusterYear, Phase, Role, UnitLineage
from thidua.voting import services as voting

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("THIDUA_SHOTS", "")
MINISTRY = "Bộ Ngoại giao (thử)"


def shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def year(transactional_db, provinces, settings, tmp_path):
    """Cụm thi đua số II in 2025, at its conference: both members checked in, the Flag poll
    open with Lào Cai (Yên Bái merged into it in 2025, Yên Bái holding the 2017 Flag) as the
    candidate; Tuyên Quang leads. The Ministry's test CA is a trusted root; files go to a
    temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
    ca = make_ca()
    (tmp_path / "root.pem").write_bytes(ca.pem)
    settings.DOCUMENT_SIGNING_TRUST_ROOTS = [str(tmp_path / "root.pem")]
    organizer = OrganizerFactory(name=MINISTRY, symbol="BNGT")
    cluster = ClusterFactory(organizer=organizer, number="II", name="Cụm thi đua số II")
    cy = ClusterYearFactory(cluster=cluster, year=2025, phase=Phase.CONFERENCE)
    yen_bai = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", valid_to=dt.date(2025, 6, 30), managed_by=organizer)
    lao_cai = UnitFactory(name="Sở Ngoại vụ tỉnh Lào Cai", valid_from=dt.date(2025, 7, 1), managed_by=organizer)
    UnitLineage.objects.create(predecessor=yen_bai, successor=lao_cai)
    tuyen_quang = UnitFactory(name="Sở Ngoại vụ tỉnh Tuyên Quang", managed_by=organizer)
    add_member(cy, tuyen_quang, Role.LEADER)
    add_member(cy, lao_cai, Role.MEMBER)
    award(yen_bai, "flag_ministry", 2017, organizer, number="12/QĐ-BNGT", date=dt.date(2017, 12, 1))
    rate(lao_cai, {2025: "excellent"})
    leader = UserFactory(username="tuyenquang.canbo", unit=tuyen_quang, is_unit_officer=True)
    UserFactory(username="tuyenquang.lanhdao", unit=tuyen_quang, is_unit_head=True, is_delegate=True)
    UserFactory(username="laocai.canbo", unit=lao_cai, is_unit_officer=True)
    UserFactory(username="laocai.lanhdao", unit=lao_cai, is_unit_head=True, is_delegate=True, full_name="Trần Hải Sơn")
    ministry = UserFactory(username="bng", organizer=organizer, is_organizer_officer=True)
    for unit in (tuyen_quang, lao_cai):
        voting.checkin(actor=ministry, cluster_year=cy, unit=unit)
    poll = voting.poll_create(actor=leader, cluster_year=cy, data={
        "kind": "flag", "title": "Suy tôn đơn vị đề nghị tặng Cờ thi đua năm 2025", "candidates": [lao_cai], "method": "approval",
        "max_choices": 1, "seats": 1, "threshold": {"base": "members", "percent": 70, "strict": False}})  # fmt: skip
    voting.poll_open(actor=leader, poll=poll)
    signed = tmp_path / "quyet-dinh-da-ky.pdf"
    signed.write_bytes(signed_sample_pdf(ca, MINISTRY, "Nguyễn Văn Thứ"))
    return cy, lao_cai, tuyen_quang, signed


def _page(new_page, username, password, phone=False):
    page = new_page(phone=phone)
    sign_in(page, username, password)
    return page


def _confirm(page, button: str) -> None:
    page.get_by_role("dialog").get_by_role("button", name=button).click()
    page.wait_for_load_state("networkidle")


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways on a phone ({width}px)"


def test_the_award_loop_from_the_vote_to_the_registry(new_page, year, password):
    cy, lao_cai, tuyen_quang, signed = year
    dossier_url = f"/cum/{cy.cluster_id}/nam/2025/ho-so-de-nghi/"
    report_url = dossier_url + f"bao-cao/{lao_cai.pk}/"
    inbox_url = f"/khen-thuong/ho-so-de-nghi/{cy.cluster.organizer_id}/2025/"

    # the vote: each member's head votes on a phone, the leader unit closes the poll
    poll = cy.polls.get(kind="flag")
    for head in ("laocai.lanhdao", "tuyenquang.lanhdao"):
        phone = _page(new_page, head, password, phone=True)
        phone.goto(f"/bieu-quyet/{poll.pk}/bo-phieu/")
        phone.locator("label.td-vote-option", has_text=lao_cai.name).click()
        phone.get_by_role("button", name="Tiếp tục").click()
        phone.get_by_role("button", name="Gửi phiếu").click()
        phone.wait_for_load_state("networkidle")
        assert phone.locator("#receipt").count() == 1
        _fits(phone)
    leader = _page(new_page, "tuyenquang.canbo", password)
    leader.goto(f"/bieu-quyet/{poll.pk}/")
    leader.get_by_role("button", name="Kết thúc và công bố kết quả").click()
    _confirm(leader, "Kết thúc và công bố")
    assert lao_cai.name in leader.inner_text("main")
    ClusterYear.objects.filter(pk=cy.pk).update(phase=Phase.PROPOSALS)  # the organizer moves the year on after the conference

    # the leader unit builds the dossier from the closed polls: the report is missing
    leader.goto(dossier_url)
    leader.get_by_role("button", name="Lập hồ sơ từ kết quả biểu quyết").click()
    leader.wait_for_load_state("networkidle")
    assert leader.locator("#dossier-state").inner_text() == "Đang lập"
    assert "2 (100,00%)" in leader.inner_text("main")  # the vote's count, snapshot in the dossier
    assert "Sở Ngoại vụ tỉnh Lào Cai: chưa viết báo cáo thành tích." in leader.locator(".td-blocking").inner_text()
    assert leader.get_by_role("button", name="Gửi hồ sơ").is_disabled()

    # the proposed unit's officer writes its report on a phone; its head confirms it
    officer = _page(new_page, "laocai.canbo", password, phone=True)
    officer.goto(report_url)
    assert "bình xét, suy tôn đề nghị tặng Cờ thi đua" in officer.locator("#text-2").input_value()
    officer.fill("#text-3", "Năm 2025, đơn vị đón 25 đoàn khách quốc tế, ký 4 thỏa thuận hợp tác.")
    officer.get_by_role("button", name="Lưu báo cáo").click()
    officer.wait_for_load_state("networkidle")
    assert officer.locator("#report-state").inner_text() == "Đang viết"
    _fits(officer)
    shot(officer, "loop-report-phone")
    head = _page(new_page, "laocai.lanhdao", password)
    head.goto(report_url)
    assert head.locator("#text-3").count() == 0  # the head reads and confirms; the officer writes
    head.get_by_role("button", name="Thủ trưởng xác nhận báo cáo").click()
    head.wait_for_load_state("networkidle")
    assert head.locator("#report-state").inner_text() == "Thủ trưởng đã xác nhận"

    # sent, returned with a reason, sent again, accepted
    leader.goto(dossier_url)
    leader.get_by_role("button", name="Gửi hồ sơ").click()
    _confirm(leader, "Gửi hồ sơ")
    assert leader.locator("#dossier-state").inner_text() == "Đã gửi, chờ xem xét"
    ministry = _page(new_page, "bng", password)
    ministry.goto(inbox_url)
    ministry.fill(f"#reason-{cy.pk}", "Báo cáo thành tích chưa có xác nhận của UBND tỉnh Lào Cai")
    ministry.get_by_role("button", name="Trả lại", exact=True).click()
    _confirm(ministry, "Trả lại hồ sơ")
    assert "Bị trả lại để bổ sung" in ministry.content()
    shot(ministry, "loop-inbox-returned")
    leader.goto(dossier_url)
    assert "chưa có xác nhận của UBND tỉnh Lào Cai" in leader.get_by_role("alert").first.inner_text()
    leader.get_by_role("button", name="Gửi lại hồ sơ").click()
    _confirm(leader, "Gửi hồ sơ")
    assert leader.locator("#dossier-state").inner_text() == "Đã gửi, chờ xem xét"
    ministry.goto(inbox_url)
    ministry.get_by_role("button", name="Tiếp nhận").click()
    _confirm(ministry, "Tiếp nhận hồ sơ")
    assert Dossier.objects.get().state == "accepted"

    # the decision: prefilled from the proposals; a second recipient fails its checks
    ministry.goto("/quyet-dinh/moi/?year=2025")
    assert ministry.locator("#unit-0").input_value() == str(lao_cai.pk)
    assert ministry.locator("#award-0").input_value() == "flag_ministry"
    ministry.select_option("#unit-1", str(tuyen_quang.pk))
    ministry.select_option("#award-1", "merit_minister")
    ministry.fill("#f-number", "25/QĐ-BNGT")
    ministry.fill("#f-date", "2025-12-20")
    ministry.fill("#f-signer", "Thứ trưởng Nguyễn Văn Thứ")
    ministry.click("button[value=check]")
    ministry.wait_for_load_state("networkidle")
    second = ministry.locator(".td-recipient").nth(1)
    assert "Chưa đạt điều kiện" in second.inner_text() and "Không được cụm đề nghị" in second.inner_text()
    shot(ministry, "loop-decision-form")
    ministry.click("button[value=save]")  # no reason for the failing recipient: refused, nothing saved
    ministry.wait_for_load_state("networkidle")
    assert "Chưa ghi được quyết định" in ministry.inner_text("main")
    assert not Decision.objects.filter(number="25/QĐ-BNGT").exists()
    ministry.fill("#reason-1", "Bộ trưởng khen thưởng trực tiếp vì thành tích đột xuất")
    ministry.set_input_files("#f-signed-copy", str(signed))  # recorded from the signed copy
    ministry.click("button[value=save]")
    ministry.wait_for_load_state("networkidle")
    assert "Quyết định số 25/QĐ-BNGT" in ministry.inner_text("h1")
    copy = ministry.locator("section[aria-labelledby=signed-copy-h]").inner_text()
    assert "Nguyễn Văn Thứ" in copy and "Có: phần đã ký không bị thay đổi" in copy and "tổ chức tin cậy" in copy
    assert "Bộ trưởng khen thưởng trực tiếp" in ministry.content()
    shot(ministry, "loop-decision-detail")
    assert Award.objects.filter(decision__number="25/QĐ-BNGT").count() == 2

    # the dossier is decided; its history tells every move
    leader.goto(dossier_url)
    assert leader.locator("#dossier-state").inner_text() == "Đã có quyết định khen thưởng"
    history = leader.locator(".td-dossier-history").inner_text()
    for step in ("Lập hồ sơ", "Gửi hồ sơ", "Trả lại hồ sơ", "Gửi lại hồ sơ", "Tiếp nhận hồ sơ", "Có quyết định khen thưởng"):
        assert step in history
    shot(leader, "loop-dossier-decided")

    # on the phone: the unit's awards, its predecessor's, the registry
    officer.goto(f"/don-vi/{lao_cai.pk}/")
    panel = officer.locator("section[aria-labelledby=unit-awards-heading]").inner_text()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2025" in panel
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2017" in panel and "khi là Sở Ngoại vụ tỉnh Yên Bái" in panel
    _fits(officer)
    shot(officer, "loop-unit-page-phone")
    officer.get_by_role("link", name="Quyết định số 25/QĐ-BNGT", exact=False).first.click()  # the decision, sent to the unit
    officer.wait_for_load_state("networkidle")
    copy = officer.locator("section[aria-labelledby=signed-copy-h]")
    assert "Nguyễn Văn Thứ" in copy.inner_text() and copy.get_by_role("link", name="Tải bản đã ký (PDF)").count() == 1
    _fits(officer)
    shot(officer, "loop-decision-phone")
    officer.goto("/khen-thuong/")
    officer.fill("#r-q", "Yên Bái")
    officer.click("main form button[type=submit]")
    officer.wait_for_load_state("networkidle")
    assert "Sở Ngoại vụ tỉnh Yên Bái" in officer.content() and "12/QĐ-BNGT" in officer.content()
    _fits(officer)
    shot(officer, "loop-registry-phone")
