"""Who may open the information channel's pages and the public portal, and call the posts
API (api-v1.md, "The information channel"). The portal answers everyone, signed in or not
(rows on Bộ B's cluster, public to Bộ A's people too); the members' pages ask to sign in;
a draft exists only for the cluster's members and the organizer (404 for anyone else).
Public pages may add to the visitor counts (channel_visitday, in batches); nothing else
is written by a refusal. The tests at the end fail until every route has a row."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.urls import URLPattern, resolve, reverse

from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from thidua.api import urls_channel
from thidua.channel import urls as channel_urls

GROUPS = {
    "outsiders": ["other_organizer", "outside_officer"],
    "writers": ["organizer", "leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head"],
    "member_staff": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head", "member_delegate"],
    "author_unit": ["member_officer", "member_head"],
    "member_officers": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head"],
}
api, web = statuses(GROUPS)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PUBLIC = frozenset({"channel_visitday"})


@pytest.fixture(scope="module", autouse=True)
def media(tmp_path_factory):
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


def _post(w: World, *, published: bool, cluster=None, actor=None):
    from thidua.channel import services
    from thidua.channel.models import Post

    title = "Tin công khai" if published else "Bản nháp"
    post = Post.objects.filter(title=title).first()
    if post is None:
        post = services.post_create(actor=actor or w.member_officer, cluster=cluster or w.cluster,
                                    data={"title": title, "body": "<p>b</p>", "publish": published})
        services.attachment_add(actor=actor or w.member_officer, post=post, uploaded=SimpleUploadedFile("a.png", PNG))
    return post


def with_draft(w: World):
    return _post(w, published=False)


def with_public_b(w: World):
    return _post(w, published=True, cluster=w.other_cluster, actor=w.other_organizer_officer)


def draft_id(w: World) -> int:
    from thidua.channel.models import Post

    return Post.objects.get(title="Bản nháp").pk


def public_b(w: World):
    from thidua.channel.models import Post

    return Post.objects.get(title="Tin công khai")


def b_args(w: World) -> list[str]:
    from thidua.channel.presenters import portal_cluster_args

    return portal_cluster_args(w.other_cluster)


def post_body(w: World, user=None) -> dict:
    return {"kind": "news", "title": "Tin mới", "summary": "", "body": "<p>Nội dung</p>", "tags": ""}


API_ROWS: list[Row] = [
    Row("posts: list", "GET", lambda w: "/api/v1/posts/", api(200, anonymous=200), setup=with_draft),
    Row("posts: write", "POST", lambda w: "/api/v1/posts/", api(403, writers=201, outsiders=404),
        body=lambda w, u: {"cluster": w.cluster.pk, "kind": "news", "title": "Tin", "body": "<p>b</p>", "publish": False}),
    Row("posts: edit a draft", "PATCH", lambda w: f"/api/v1/posts/{draft_id(w)}/", api(403, author_unit=200, organizer=200, outsiders=404),
        setup=with_draft, body=lambda w, u: {"title": "Bản nháp đã sửa"}),
]

PAGE_ROWS: list[Row] = [
    Row("channel_cluster", "GET", lambda w: reverse("channel_cluster", args=[w.cluster.pk]), web(200, outsiders=404)),
    Row("channel_post_new", "GET", lambda w: reverse("channel_post_new", args=[w.cluster.pk]), web(403, writers=200, outsiders=404)),
    Row("channel_post_new[save]", "POST", lambda w: reverse("channel_post_new", args=[w.cluster.pk]),
        web(403, writers=302, outsiders=404), body=post_body),
    Row("channel_post[draft]", "GET", lambda w: reverse("channel_post", args=[draft_id(w)]),
        web(404, admin=200, organizer=200, member_staff=200), setup=with_draft),
    Row("channel_post_edit", "GET", lambda w: reverse("channel_post_edit", args=[draft_id(w)]),
        web(403, author_unit=200, organizer=200, outsiders=404), setup=with_draft),
    Row("channel_post_edit[save]", "POST", lambda w: reverse("channel_post_edit", args=[draft_id(w)]),
        web(403, author_unit=302, organizer=302, outsiders=404), setup=with_draft, body=post_body),
    Row("channel_post_publish", "POST", lambda w: reverse("channel_post_publish", args=[draft_id(w)]),
        web(403, author_unit=302, organizer=302, outsiders=404), setup=with_draft, body=lambda w, u: {"publish": "1"}),
    Row("channel_post_attach", "POST", lambda w: reverse("channel_post_attach", args=[draft_id(w)]),
        web(403, author_unit=302, organizer=302, outsiders=404), setup=with_draft, body=lambda w, u: {"caption": "không có tệp"}),
    Row("channel_post_comment", "POST", lambda w: reverse("channel_post_comment", args=[draft_id(w)]),
        web(403, member_officers=302, outsiders=404), setup=with_draft, body=lambda w, u: {"text": "Ý kiến"}),
    Row("channel_draft_from_results", "POST", lambda w: reverse("channel_draft_from_results", args=[w.cluster.pk, 2026]),
        web(403, writers=302, outsiders=404)),  # before the conference: told so, back to the list
    Row("channel_attachment[draft]", "GET", lambda w: reverse("channel_attachment", args=[with_draft(w).attachments.get().pk]),
        web(404, anonymous=404, admin=200, organizer=200, member_staff=200), setup=with_draft),
    Row("channel_attachment_remove", "POST", lambda w: reverse("channel_attachment_remove", args=[with_draft(w).attachments.get().pk]),
        web(403, author_unit=302, organizer=302, outsiders=404), setup=with_draft),
]

PUBLIC_ROWS: list[Row] = [
    Row("channel_attachment[published]", "GET", lambda w: reverse("channel_attachment", args=[public_b(w).attachments.get().pk]),
        web(200, anonymous=200), setup=with_public_b),
    Row("portal_home", "GET", lambda w: reverse("portal_home"), web(200, anonymous=200)),
    Row("portal_organizer", "GET", lambda w: reverse("portal_organizer", args=[b_args(w)[0]]), web(200, anonymous=200)),
    Row("portal_registry", "GET", lambda w: reverse("portal_registry", args=[b_args(w)[0]]) + "?q=x&nam=2025",
        web(200, anonymous=200)),
    Row("portal_organizer_rss", "GET", lambda w: reverse("portal_organizer_rss", args=[b_args(w)[0]]), web(200, anonymous=200)),
    Row("portal_organizer_atom", "GET", lambda w: reverse("portal_organizer_atom", args=[b_args(w)[0]]), web(200, anonymous=200)),
    Row("portal_organizer_list", "GET", lambda w: reverse("portal_organizer_list", args=[b_args(w)[0], "tin-tuc"]),
        web(200, anonymous=200)),
    Row("portal_cluster", "GET", lambda w: reverse("portal_cluster", args=b_args(w)), web(200, anonymous=200)),
    Row("portal_cluster_rss", "GET", lambda w: reverse("portal_cluster_rss", args=b_args(w)), web(200, anonymous=200)),
    Row("portal_cluster_atom", "GET", lambda w: reverse("portal_cluster_atom", args=b_args(w)), web(200, anonymous=200)),
    Row("portal_results", "GET", lambda w: reverse("portal_results", args=[*b_args(w), 2026]), web(404, anonymous=404)),
    Row("portal_list", "GET", lambda w: reverse("portal_list", args=[*b_args(w), "cach-lam-hay"]), web(200, anonymous=200)),
    Row("portal_article", "GET", lambda w: public_b(w).public_url, web(200, anonymous=200), setup=with_public_b),
    Row("portal_article[draft]", "GET", lambda w: reverse("portal_article", args=[*b_args(w), draft_id(w), "ban-nhap"]),
        web(404, anonymous=404), setup=with_draft),
]


class TestApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


class TestPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        check_roles(case, may_write=PUBLIC)


class TestPublic:
    @pytest.mark.parametrize("case", PUBLIC_ROWS, indirect=True, ids=str)
    def test_public(self, case, db):
        check_roles(case, may_write=PUBLIC)


def _covered(world, rows) -> set[tuple[str, str]]:
    covered = set()
    for row in rows:
        if row.setup:
            row.setup(world)
        covered.add((resolve(row.url(world).split("?")[0]).url_name, row.method))
    return covered


def test_every_endpoint_has_a_row(world, media):
    covered = _covered(world, API_ROWS)
    missing = []
    for pattern in urls_channel.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row(world, media):
    names = {name for name, _method in _covered(world, PAGE_ROWS + PUBLIC_ROWS)}
    missing = [str(p.pattern) for p in channel_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS or PUBLIC_ROWS for: {missing}"
