"""Every rich-text field of the channel is sanitised, whichever way it comes in: the
service, the page's form, the API's POST and PATCH; plain-text fields (title, summary,
comments) are shown escaped."""

import pytest
from django.urls import reverse

from thidua.channel import services
from thidua.channel.models import Post
from thidua.channel.sanitize import sanitize
from thidua.channel.slugs import vi_slug

ATTACKS = {
    "script": ("<p>a</p><script>alert(1)</script>", ["<script", "alert(1)"]),
    "event handler": ('<p onclick="alert(1)">a</p><img src="/x.png" onerror="alert(2)">', ["onclick", "onerror", "alert"]),
    "javascript link": ('<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt&#58;alert(2)">b</a>', ["javascript", "alert"]),
    "data link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>', ["data:"]),
    "style attribute": ('<p style="position:fixed;top:0;left:0;width:100%;height:100%">a</p>', ["style", "position"]),
    "style element": ("<style>body{display:none}</style><p>a</p>", ["<style", "display"]),
    "iframe and form": (
        '<iframe src="https://evil.example"></iframe><form action="/x"><input></form><p>a</p>', ["iframe", "<form", "<input"]
    ),
    "svg script": ('<svg><script>alert(1)</script></svg><p>a</p>', ["<svg", "alert"]),
    "class tricks": ('<p class="d-none visually-hidden">a</p>', ["class="]),
}


@pytest.mark.parametrize("name", ATTACKS)
def test_sanitize_drops(name):
    html, forbidden = ATTACKS[name]
    clean = sanitize(html).lower()
    for bad in forbidden:
        assert bad.lower() not in clean, (name, clean)


def test_sanitize_keeps_ordinary_rich_text():
    html = '<h2>Kết quả</h2><p><strong>Cờ</strong> <em>thi đua</em> <a href="https://mofa.gov.vn/a">xem</a></p><ul><li>1</li></ul>'
    clean = sanitize(html)
    assert "<h2>Kết quả</h2>" in clean and "<strong>Cờ</strong>" in clean and 'href="https://mofa.gov.vn/a"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean and "<li>1</li>" in clean


@pytest.mark.parametrize("name", ATTACKS)
def test_service_sanitises_body_and_summary(world, make_post, name):
    html, forbidden = ATTACKS[name]
    post = make_post(body=html + "<p>nội dung</p>", summary=html + " tóm tắt")
    post.refresh_from_db()
    for bad in forbidden:
        assert bad.lower() not in post.body_html.lower()
        assert bad.lower() not in post.summary.lower()
    post = services.post_update(actor=world.member_officer, post=post, data={"body": html + "<p>b</p>"})
    for bad in forbidden:
        assert bad.lower() not in post.body_html.lower()


def test_page_form_sanitises(world, client_for):
    client = client_for(world.member_officer)
    response = client.post(reverse("channel_post_new", args=[world.cluster.pk]), {
        "kind": "news", "title": "<b>T</b>", "summary": "s", "body": '<p onmouseover="x()">b</p><script>alert(1)</script>',
    })
    assert response.status_code == 302
    post = Post.objects.get()
    assert "onmouseover" not in post.body_html and "script" not in post.body_html
    page = client.get(reverse("channel_post", args=[post.pk])).content.decode()
    assert "&lt;b&gt;T&lt;/b&gt;" in page  # the title is text, escaped


def test_api_post_and_patch_sanitise(world, api_for):
    api = api_for(world.member_officer)
    response = api.post("/api/v1/posts/", {"cluster": world.cluster.pk, "kind": "practice", "title": "T",
                                           "body": '<p>a</p><a href="javascript:alert(1)" onclick="y()">x</a><script>z()</script>'},
                        format="json")
    assert response.status_code == 201, response.content
    assert "javascript" not in response.json()["body_html"] and "onclick" not in response.json()["body_html"]
    assert "script" not in response.json()["body_html"]
    pk = response.json()["id"]
    response = api.patch(f"/api/v1/posts/{pk}/", {"body": '<p style="color:red">b</p><img src=x onerror=alert(1)>'}, format="json")
    assert response.status_code == 200
    assert "style" not in response.json()["body_html"] and "onerror" not in response.json()["body_html"]


def test_comment_is_plain_text_shown_escaped(world, make_post, client_for):
    post = make_post(publish=True)
    services.comment_add(actor=world.leader_officer, post=post, text="<script>alert(1)</script>")
    page = client_for(world.member_officer).get(reverse("channel_post", args=[post.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_body_empty_after_sanitising_is_refused_nothing_saved(world):
    from thidua.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        services.post_create(actor=world.member_officer, cluster=world.cluster,
                             data={"title": "T", "body": "<script>alert(1)</script>"})
    assert "body" in exc.value.errors
    assert not Post.objects.exists()


def test_vietnamese_slugs_keep_d():
    assert vi_slug("Hội nghị tổng kết Cụm thi đua số II") == "hoi-nghi-tong-ket-cum-thi-dua-so-ii"
    assert vi_slug("ĐẠI HỘI đổi mới") == "dai-hoi-doi-moi"
    assert vi_slug("!!!") == "bai-viet"


def test_the_empty_paragraphs_an_editor_leaves_are_dropped():
    """A list typed inside a paragraph, the caret's <p><br></p>: no empty paragraphs kept."""
    html = sanitize("<p><b>Gửi</b></p><p><ul><li>Một</li></ul><p>Dán<br></p></p><p> </p><p><br></p><p>&nbsp;</p>")
    assert html == "<p><b>Gửi</b></p><ul><li>Một</li></ul><p>Dán<br></p>"
