"""The public portal in the browser, on a 390px phone: the seeds' reader tools — text size
A- A A+ remembered across pages (localStorage, no cookie), the visitor counter — and no
serious or critical accessibility violation (axe-core from the npm registry, injected into
the page) on the portal's home, the news list and an article."""

import json
import os
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import ClusterFactory, ClusterYearFactory, OrganizerFactory, UnitFactory, UserFactory, add_member
from thidua.channel import services
from thidua.org.models import Role

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` in the project's root (.ci/run does)"
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, source: str, within: str = "document") -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of impact serious or critical (in the page, or in
    the element `within` selects). Evaluated through the browser's debugging protocol, not as
    a <script> (the Content-Security-Policy allows none)."""
    context = "document" if within == "document" else f"document.querySelector({json.dumps(within)})"
    options = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"
    result = page.evaluate(source + f"\n;axe.run({context}, {options}).then(r => JSON.stringify(r.violations))")
    violations = json.loads(result)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def published_news(transactional_db, provinces):
    organizer = OrganizerFactory(name="Bộ Ngoại giao", symbol="BNG")
    cluster = ClusterFactory(organizer=organizer, number="3", name="Cụm thi đua số 3")
    year = ClusterYearFactory(cluster=cluster, year=2022)
    unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình", managed_by=organizer)
    add_member(year, unit, Role.LEADER)
    officer = UserFactory(username="qb_officer", unit=unit, is_unit_officer=True)
    older = services.post_create(actor=officer, cluster=cluster, data={
        "title": "Kết quả tổng kết năm 2021", "body": "<p>Tin năm trước.</p>", "publish": True})
    post = services.post_create(actor=officer, cluster=cluster, data={
        "title": "Hội nghị tổng kết thi đua, khen thưởng Cụm thi đua số 3, Bộ Ngoại giao",
        "summary": "Ngày 16/12/2022, tại thành phố Tam Kỳ, tỉnh Quảng Nam.",
        "body": "<p>Thành phần tham gia Hội nghị gồm 09 cơ quan Ngoại vụ địa phương.</p><h2>Giao ước</h2>"
                "<p>Tất cả 9 đơn vị đã ký <a href='/cong-thong-tin/'>Giao ước thi đua năm 2023</a>.</p>",
        "publish": True, "tags": ["Hội nghị tổng kết"]})
    return post, older


def test_portal_on_a_phone_text_size_counter_and_axe(new_page, published_news):
    post, older = published_news
    source = axe_source()
    page = new_page(phone=True)
    page.goto("/cong-thong-tin/")
    assert not serious_violations(page, source), "home"
    page.get_by_role("link", name=post.title).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == post.title
    assert page.get_by_role("heading", name="Các tin khác").is_visible()
    assert page.get_by_role("link", name=older.title).is_visible()
    assert page.locator('[data-visitors="total"]').inner_text() != ""
    assert not serious_violations(page, source), "article"

    def root_size() -> float:
        return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    normal = root_size()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    bigger = root_size()
    assert bigger > normal
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the article must not scroll sideways on a phone, even with bigger text"
    screenshot(page, "portal-article-phone-bigger-text")
    # remembered on the next page, without any cookie
    page.get_by_role("link", name="Các tin đã đăng").click()
    page.wait_for_load_state()
    assert root_size() == bigger
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.getItem('td-text-size')") == "2"
    assert not serious_violations(page, source), "news list"
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert root_size() == normal
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    assert root_size() < normal
    screenshot(page, "portal-list-phone")


def test_an_officer_writes_a_post_with_the_editor_not_html(new_page, published_news):
    """The post's body is written as in a word processor: the toolbar makes the headings,
    lists and bold text, a paste from Word keeps its paragraphs and list but not its styles
    or scripts, and the officer never sees HTML unless asking for it."""
    from tests.e2e.conftest import sign_in
    from tests.factories import PASSWORD
    from thidua.channel.models import Post

    post, _older = published_news
    page = new_page()
    sign_in(page, "qb_officer", PASSWORD)
    page.goto(f"/cum/{post.cluster_id}/kenh-thong-tin/viet-bai/")
    page.get_by_label("Tiêu đề", exact=True).fill("Cách làm hay về tổ chức hội nghị")
    body = page.get_by_role("textbox", name="Nội dung")
    assert body.is_visible()
    assert not page.locator("textarea[name=body]").is_visible()  # no HTML to type
    assert not serious_violations(page, axe_source(), "main form"), "editor"  # the members' navigation bar is core's
    body.click()
    page.keyboard.type("Kinh nghiệm của Cụm")
    page.get_by_role("button", name="Tiêu đề", exact=True).click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Đoạn văn").click()
    page.keyboard.type("Gửi giấy mời sớm")
    page.keyboard.press("Shift+Home")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Đậm").click()  # bold off again, as in a word processor
    page.get_by_role("button", name="Gạch đầu dòng").click()
    page.keyboard.type("Điểm danh bằng mã")
    page.keyboard.press("Enter")
    page.keyboard.type("Biểu quyết phiếu kín")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData('text/html', '<p class="MsoNormal" style="color:red"><span style="font-size:20pt">Dán từ Word</span>'
            + '<script>window.pasted = 1</script><img src=x onerror="window.pasted = 2"></p>');
        document.querySelector('[data-editor-area]').dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
    }""")
    assert page.evaluate("window.pasted") is None
    page.get_by_label("Đăng công khai ngay").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    saved = Post.objects.get(title="Cách làm hay về tổ chức hội nghị")
    html = saved.body_html
    assert "<h2>Kinh nghiệm của Cụm</h2>" in html
    assert "<b>Gửi giấy mời sớm</b>" in html or "<strong>Gửi giấy mời sớm</strong>" in html
    assert "<ul><li>Điểm danh bằng mã</li><li>Biểu quyết phiếu kín</li></ul>" in html
    assert "Dán từ Word" in html and "style" not in html and "script" not in html and "onerror" not in html
    assert saved.is_published
    screenshot(page, "channel-post-written-with-the-editor")


def test_the_portals_other_pages_on_a_phone_are_accessible(new_page, published_news):
    """The organizer's and the cluster's pages, the year's results and the award registry:
    no serious accessibility violation and nothing wider than a phone."""
    from thidua.channel.presenters import portal_cluster_args
    from thidua.org.models import ClusterYear, Phase

    post, _older = published_news
    ClusterYear.objects.filter(cluster=post.cluster, year=2022).update(phase=Phase.PROPOSALS)
    org, cluster = portal_cluster_args(post.cluster)
    source = axe_source()
    page = new_page(phone=True)
    for path in (f"/cong-thong-tin/{org}/", f"/cong-thong-tin/{org}/{cluster}/", f"/cong-thong-tin/{org}/{cluster}/ket-qua/2022/",
                 f"/cong-thong-tin/{org}/khen-thuong/?q=quang"):  # fmt: skip
        assert page.goto(path).status == 200, path
        assert not serious_violations(page, source), path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert "được công bố khi Hội nghị tổng kết đã thông qua" in page.goto(f"/cong-thong-tin/{org}/{cluster}/ket-qua/2022/").text()
