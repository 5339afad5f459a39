"""A comment round on the summary report in the browser: the leader unit drafts it from the
year's facts and circulates it (asked in a modal), two members comment — one of them on a
390px phone —, the drafter accepts one and declines the other with a reply, saves a second
version whose difference is shown, and the conference adopts it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import build_world
from tests.factories import PASSWORD
from thidua.org.models import ClusterYear, Phase
from thidua.reports.models import ReportComment, ReportVersion

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/report-round")


@pytest.fixture
def world_at_ranking(provinces):
    world = build_world()
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=Phase.RANKING)
    return world


def shot(page, name: str) -> None:
    path = screenshot(page, name)
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / path.name).write_bytes(path.read_bytes())


def test_a_comment_round_from_draft_to_adoption(new_page, world_at_ranking):
    w = world_at_ranking
    report = f"/cum/{w.cluster.pk}/nam/2026/bao-cao-tong-ket/"
    drafter = new_page()
    sign_in(drafter, w.leader_officer.username, PASSWORD)
    drafter.goto(report)
    drafter.get_by_role("button", name="Lập dự thảo từ số liệu của năm").click()
    expect(drafter.locator(".alert-success")).to_contain_text("Đã lập dự thảo lần 1")
    expect(drafter.locator("#section-dac-diem")).to_contain_text("Cụm thi đua số 1 năm 2026 gồm 03 đơn vị thành viên")
    drafter.get_by_role("button", name="Gửi xin ý kiến").click()
    dialog = drafter.get_by_role("dialog")
    expect(dialog).to_contain_text("Gửi dự thảo Báo cáo tổng kết năm 2026 xin ý kiến?")
    dialog.get_by_role("button", name="Gửi xin ý kiến").click()
    expect(drafter.locator("#report-state")).to_have_text("Đang lấy ý kiến")
    expect(drafter.locator("#not-commented")).to_contain_text("Sở Ngoại vụ tỉnh Nghệ An; Sở Ngoại vụ tỉnh Hà Tĩnh")

    # a member on a phone comments on a section
    phone = new_page(phone=True)
    sign_in(phone, w.member_officer.username, PASSWORD)
    phone.goto(report)
    phone.select_option("#comment-section", "kien-nghi")
    phone.fill("#comment-text", "Đề nghị bổ sung kiến nghị lập kênh thông tin chung của Cụm.")
    phone.get_by_role("button", name="Gửi góp ý").click()
    expect(phone.locator(".alert-success")).to_contain_text("Đã gửi ý kiến góp ý")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391  # nothing wider than the phone
    shot(phone, "report-round-member-phone")

    # the deputy unit comments on the whole report (desktop)
    deputy = new_page()
    sign_in(deputy, w.deputy_officer.username, PASSWORD)
    deputy.goto(report)
    deputy.fill("#comment-text", "Đề nghị bổ sung số liệu khen thưởng vào thân báo cáo.")
    deputy.get_by_role("button", name="Gửi góp ý").click()
    expect(deputy.locator(".alert-success")).to_be_visible()

    # the drafter answers: accepts the first, declines the second with a reply
    drafter.goto(report)
    expect(drafter.locator("#not-commented")).to_contain_text("Mọi đơn vị đã góp ý")
    member_c, deputy_c = ReportComment.objects.order_by("pk")
    card = drafter.locator(f"#comment-{member_c.pk}")
    card.get_by_role("button", name="Tiếp thu", exact=True).click()
    expect(drafter.locator(f"#comment-{member_c.pk} .td-comment-state")).to_have_text("Tiếp thu")
    card = drafter.locator(f"#comment-{deputy_c.pk}")
    card.get_by_role("button", name="Không tiếp thu").click()  # without a reply: refused, said on the page
    expect(drafter.locator("#report-error")).to_contain_text("Không được để trống")
    card = drafter.locator(f"#comment-{deputy_c.pk}")
    card.locator("textarea").fill("Số liệu đã có ở phụ lục kèm theo.")
    card.get_by_role("button", name="Không tiếp thu").click()
    expect(drafter.locator(f"#comment-{deputy_c.pk} .td-comment-state")).to_have_text("Không tiếp thu")

    # a second version with the accepted comment; the difference page shows the change
    drafter.get_by_role("link", name="Sửa, lập lần dự thảo mới").click()
    section = drafter.locator("#section-kien-nghi")
    section.fill(section.input_value() + "\nLập kênh thông tin chung để các đơn vị chia sẻ kinh nghiệm.")
    drafter.fill("#note", "Tiếp thu góp ý của Sở Ngoại vụ tỉnh Hà Tĩnh")
    drafter.get_by_role("button", name="Lưu").click()
    expect(drafter.locator(".alert-success")).to_contain_text("Đã lưu dự thảo lần 2")
    drafter.get_by_role("link", name="So với lần trước").click()
    added = drafter.locator("#diff-kien-nghi .td-diff-ins")
    expect(added).to_have_text("Thêm: Lập kênh thông tin chung để các đơn vị chia sẻ kinh nghiệm.")
    shot(drafter, "report-round-diff-desktop")

    # the conference adopts version 2
    ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=Phase.CONFERENCE)
    drafter.goto(report)
    drafter.get_by_role("button", name="Hội nghị thông qua lần 2").click()
    drafter.get_by_role("dialog").get_by_role("button", name="Thông qua").click()
    expect(drafter.locator("#report-state")).to_have_text("Đã thông qua")
    shot(drafter, "report-round-adopted-desktop")
    assert ReportVersion.objects.get(state="adopted").number == 2

    # members see the adopted report on a phone, with its documents
    phone.goto(report)
    expect(phone.locator("#report-state")).to_have_text("Đã thông qua")
    expect(phone.locator("#comment-form")).to_have_count(0)
    shot(phone, "report-round-adopted-phone")
