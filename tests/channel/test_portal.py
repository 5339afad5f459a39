"""The public portal: no sign-in, published posts only (page, lists, search, feeds, API,
files), "Các tin khác", Open Graph, readable URLs, the page cache forgotten on publish and
edit, the year's results once its conference is over, the award registry search."""

import datetime as dt
import importlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.channel import services
from thidua.org.models import ClusterYear, Phase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _get(path, **query):
    return Client().get(path, query)


def test_home_organizer_cluster_pages_are_public(world, make_post, portal_args):
    make_post(publish=True, title="Hội nghị tổng kết đã đăng")
    make_post(publish=False, title="Bản nháp bí mật")
    org, _cluster = portal_args
    for path in (reverse("portal_home"), reverse("portal_organizer", args=[org]), reverse("portal_cluster", args=portal_args),
                 reverse("portal_list", args=[*portal_args, "tin-tuc"]), reverse("portal_organizer_list", args=[org, "tin-tuc"])):
        response = _get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "Hội nghị tổng kết đã đăng" in html and "Bản nháp bí mật" not in html, path
        assert 'data-text-size="-1"' in html and 'data-text-size="1"' in html
        assert "Thống kê truy cập" in html
        assert "Set-Cookie" not in str(response.headers) and not response.cookies


def test_article_page(world, make_post, portal_args):
    older = make_post(publish=True, title="Tin trước đó")
    post = make_post(publish=True, title="Đại hội điển hình tiên tiến", summary="Tóm tắt cho chia sẻ")
    draft = make_post(publish=False, title="Tin nháp")
    url = post.public_url
    assert url.endswith(f"/bai/{post.pk}-dai-hoi-dien-hinh-tien-tien/")
    html = _get(url).content.decode()
    assert '<meta property="og:title" content="Đại hội điển hình tiên tiến">' in html
    assert '<meta property="og:description" content="Tóm tắt cho chia sẻ">' in html
    assert "Các tin khác" in html and older.title in html and draft.title not in html
    # a wrong slug is sent to the canonical address
    response = _get(reverse("portal_article", args=[*portal_args, post.pk, "sai"]))
    assert response.status_code == 301 and response["Location"] == url


def test_other_news_is_filled_with_the_organizers_other_clusters(world, make_post):
    """As on the seeds' page (Cụm 3's 2022 article lists Cụm II's 2017 one): a cluster with
    no other news still shows the organizer's other published news, never a draft nor
    another organizer's."""
    from tests.factories import ClusterFactory

    post = make_post(publish=True, title="Tin duy nhất của Cụm")
    sibling = ClusterFactory(organizer=world.organizer, number="2", name="Cụm thi đua số 2")
    theirs = services.post_create(actor=world.organizer_officer, cluster=sibling, data={
        "title": "Tin của Cụm thi đua số 2", "body": "<p>Nội dung</p>", "publish": True})
    services.post_create(actor=world.organizer_officer, cluster=sibling, data={"title": "Nháp của Cụm 2", "body": "<p>N</p>"})
    elsewhere = world.other_cluster
    from thidua.channel.models import Post

    Post.objects.create(cluster=elsewhere, title="Tin của bộ khác", slug="tin-cua-bo-khac", body_html="<p>x</p>",
                        published_at=post.published_at)  # fmt: skip
    html = _get(post.public_url).content.decode()
    aside = html[html.index("Các tin khác"):]
    assert theirs.title in aside and "Cụm thi đua số 2" in aside
    assert "Nháp của Cụm 2" not in aside and "Tin của bộ khác" not in aside


def test_unpublished_post_is_never_public(world, make_post, portal_args, api_for):
    draft = make_post(publish=False, title="Bản nháp chưa đăng")
    services.attachment_add(actor=world.member_officer, post=draft, uploaded=SimpleUploadedFile("a.png", PNG))
    attachment = draft.attachments.get()
    assert _get(reverse("portal_article", args=[*portal_args, draft.pk, draft.slug])).status_code == 404
    assert _get(reverse("channel_attachment", args=[attachment.pk])).status_code == 404
    for name in ("portal_cluster_rss", "portal_cluster_atom"):
        assert "Bản nháp" not in _get(reverse(name, args=portal_args)).content.decode()
    for name in ("portal_organizer_rss", "portal_organizer_atom"):
        assert "Bản nháp" not in _get(reverse(name, args=[portal_args[0]])).content.decode()
    listing = _get(reverse("portal_list", args=[*portal_args, "tin-tuc"]), q="Bản nháp").content.decode()
    assert "Bản nháp chưa đăng" not in listing
    assert [p["id"] for p in api_for(None).get("/api/v1/posts/").json()] == []
    # an outsider signed in sees no draft either; a member does
    assert api_for(world.outside_officer).get("/api/v1/posts/").json() == []
    assert [p["id"] for p in api_for(world.member_delegate).get("/api/v1/posts/").json()] == [draft.pk]
    # published: the same file becomes public
    services.post_publish(actor=world.member_officer, post=draft)
    assert _get(reverse("channel_attachment", args=[attachment.pk])).status_code == 200
    assert _get(draft.public_url).status_code == 200


def test_search_finds_published_posts(world, make_post, portal_args):
    make_post(publish=True, title="Kinh nghiệm số hóa hồ sơ", kind="practice", tags=["chuyển đổi số"])
    make_post(publish=True, title="Tin khác hẳn", kind="practice")
    html = _get(reverse("portal_list", args=[*portal_args, "cach-lam-hay"]), q="chuyển đổi").content.decode()
    assert "Kinh nghiệm số hóa hồ sơ" in html and "Tin khác hẳn" not in html


def test_feeds(world, make_post, portal_args):
    post = make_post(publish=True, title="Tin trong nguồn cấp")
    rss = _get(reverse("portal_cluster_rss", args=portal_args))
    atom = _get(reverse("portal_organizer_atom", args=[portal_args[0]]))
    assert rss["Content-Type"].startswith("application/rss+xml") and "Tin trong nguồn cấp" in rss.content.decode()
    assert atom["Content-Type"].startswith("application/atom+xml") and post.public_url in atom.content.decode()


def test_article_cache_forgotten_on_edit_and_unpublish(world, make_post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(publish=True, title="Tiêu đề cũ")
    url = post.public_url
    assert "Tiêu đề cũ" in _get(url).content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert _get(url).status_code == 200
    assert len(cached) <= 3  # the post's row (publication and slug) and the counter's stored figures, never the page's
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(actor=world.member_officer, post=post, data={"body": "<p>Nội dung mới</p>"})
    assert "Nội dung mới" in _get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_publish(actor=world.member_officer, post=post, publish=False)
    assert _get(url).status_code == 404


def test_results_public_only_after_the_conference(world, portal_args):
    url = reverse("portal_results", args=[*portal_args, 2026])
    assert _get(url).status_code == 404
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=Phase.PROPOSALS)
    response = _get(url)
    assert response.status_code == 200 and "Kết quả thi đua năm 2026" in response.content.decode()


def test_the_ranking_is_public_only_once_the_conference_adopted_the_report(world, portal_args, monkeypatch):
    """Reaching the proposals phase is not an adoption: the ranking shows once the
    conference adopted the year's summary report (which carries it), never before."""
    from types import SimpleNamespace

    from thidua.reports.models import Report, ReportVersion

    ranking_module = importlib.import_module("thidua.scoring.selectors.ranking")
    line = SimpleNamespace(rank=1, unit=world.member_unit, total=97.11)
    monkeypatch.setattr(ranking_module, "ranking", lambda cy: SimpleNamespace(ranked=[line]))
    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=Phase.PROPOSALS)
    url = reverse("portal_results", args=[*portal_args, 2026])
    html = _get(url).content.decode()
    assert "97,11" not in html and "97.11" not in html
    assert "được công bố khi Hội nghị tổng kết đã thông qua" in html
    report = Report.objects.create(cluster_year=world.cluster_year, drafter=world.leader_unit)
    version = ReportVersion.objects.create(report=report, number=1, state=ReportVersion.State.CIRCULATED)
    from django.core.cache import cache

    cache.clear()
    assert "97,11" not in _get(url).content.decode()  # circulated is not adopted
    ReportVersion.objects.filter(pk=version.pk).update(state=ReportVersion.State.ADOPTED)
    cache.clear()
    html = _get(url).content.decode()
    assert "97,11" in html and world.member_unit.name in html


def test_registry_search(world, portal_args):
    from thidua.awards.models import Award, Decision

    decision = Decision.objects.create(organizer=world.organizer, number="5/QĐ-BA", year=2025, date=dt.date(2026, 1, 5), signer="X")
    Award.objects.create(decision=decision, unit=world.member_unit, award="merit_minister", year=2025)
    Award.objects.create(decision=decision, unit=world.leader_unit, award="flag_ministry", year=2025, revoked=True)
    url = reverse("portal_registry", args=[portal_args[0]])
    html = _get(url, q="ha tinh").content.decode()
    assert world.member_unit.name in html
    assert world.leader_unit.name not in _get(url).content.decode()  # revoked: not in the registry
    assert world.member_unit.name not in _get(url, nam="2024").content.decode()
    assert _get(url, nam="abc", tinh="x", **{"hinh-thuc": "<b>"}).status_code == 200


def test_unknown_organizer_cluster_kind_are_404(world, portal_args):
    assert _get(reverse("portal_organizer", args=["khong-co"])).status_code == 404
    assert _get(reverse("portal_cluster", args=[portal_args[0], "khong-co"])).status_code == 404
    assert _get(reverse("portal_list", args=[*portal_args, "khong-co"])).status_code == 404


def test_attachment_checked_by_content(world, make_post):
    from thidua.core.errors import InvalidInput

    post = make_post()
    with pytest.raises(InvalidInput):
        services.attachment_add(actor=world.member_officer, post=post, uploaded=SimpleUploadedFile("anh.png", b"<html><script>"))
    with pytest.raises(InvalidInput):
        services.attachment_add(actor=world.member_officer, post=post, uploaded=SimpleUploadedFile("rong.png", b""))
    assert not post.attachments.exists()
    services.attachment_add(actor=world.member_officer, post=post, uploaded=SimpleUploadedFile("anh.html", PNG))
    attachment = post.attachments.get()
    assert attachment.file_type == "png" and attachment.original_name == "anh.png"


def test_image_shown_with_its_caption_as_alt(world, make_post):
    post = make_post(publish=True)
    services.attachment_add(actor=world.member_officer, post=post, uploaded=SimpleUploadedFile("a.png", io.BytesIO(PNG).read()),
                            caption="Toàn cảnh hội nghị")
    html = _get(post.public_url).content.decode()
    assert 'alt="Toàn cảnh hội nghị"' in html and '<meta property="og:image"' in html
