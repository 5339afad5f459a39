"""Who writes, edits, publishes and comments; bad input says why and saves nothing; every
write is audited."""

import pytest
from django.urls import reverse

from thidua.channel import services
from thidua.channel.models import Comment, Post
from thidua.core.audit import AuditEvent
from thidua.core.errors import Forbidden, InvalidInput


def test_member_officer_writes_a_draft_then_publishes(world, make_post):
    post = make_post(tags=["Kinh nghiệm", "kinh nghiệm", " Chuyển đổi số "])
    assert not post.is_published and post.author_unit == world.member_unit
    assert sorted(t.name for t in post.tags.all()) == ["Chuyển đổi số", "Kinh nghiệm"]
    post = services.post_publish(actor=world.member_officer, post=post)
    assert post.is_published
    events = AuditEvent.objects.filter(object_id=str(post.pk), action__startswith="post.").order_by("pk")
    actions = list(events.values_list("action", flat=True))
    assert actions == ["post.create", "post.update"]


@pytest.mark.parametrize("role", ["member_officer", "member_head", "leader_officer", "organizer_officer"])
def test_who_may_write(world, role):
    post = services.post_create(actor=getattr(world, role), cluster=world.cluster, data={"title": "T", "body": "<p>b</p>"})
    assert post.pk


@pytest.mark.parametrize("role", ["member_delegate", "outside_officer", "other_organizer_officer", "admin"])
def test_who_may_not_write(world, role):
    with pytest.raises(Forbidden):
        services.post_create(actor=getattr(world, role), cluster=world.cluster, data={"title": "T", "body": "<p>b</p>"})
    assert not Post.objects.exists()


def test_another_unit_may_not_edit_but_the_organizer_may(world, make_post):
    post = make_post()
    with pytest.raises(Forbidden):
        services.post_update(actor=world.leader_officer, post=post, data={"title": "Đổi"})
    post = services.post_update(actor=world.organizer_officer, post=post, data={"title": "Đổi tên bài"})
    assert post.title == "Đổi tên bài" and post.slug == "doi-ten-bai"


def test_bad_input_names_the_fields_and_saves_nothing(world):
    with pytest.raises(InvalidInput) as exc:
        services.post_create(actor=world.member_officer, cluster=world.cluster,
                             data={"kind": "blog", "title": " ", "body": "", "tags": [str(i) for i in range(11)]})
    assert set(exc.value.errors) == {"kind", "title", "body", "tags"}
    assert not Post.objects.exists() and not AuditEvent.objects.filter(action="post.create").exists()


def test_comments_by_member_officers_only(world, make_post):
    post = make_post(publish=True)
    services.comment_add(actor=world.leader_officer, post=post, text="Đồng ý")
    for role in ("member_delegate", "outside_officer", "organizer_officer"):
        with pytest.raises(Forbidden):
            services.comment_add(actor=getattr(world, role), post=post, text="x")
    with pytest.raises(InvalidInput):
        services.comment_add(actor=world.leader_officer, post=post, text="   ")
    assert Comment.objects.count() == 1


def test_draft_is_404_outside_the_cluster(world, make_post, client_for):
    post = make_post()
    assert client_for(world.outside_officer).get(reverse("channel_post", args=[post.pk])).status_code == 404
    assert client_for(world.member_delegate).get(reverse("channel_post", args=[post.pk])).status_code == 200
    assert client_for(world.organizer_officer).get(reverse("channel_post", args=[post.pk])).status_code == 200


def test_pages_flow(world, client_for):
    client = client_for(world.member_officer)
    response = client.post(reverse("channel_post_new", args=[world.cluster.pk]),
                           {"kind": "practice", "title": "Cách làm hay", "summary": "", "body": "<p>Nội dung</p>", "tags": "a, b"})
    post = Post.objects.get()
    assert response["Location"] == reverse("channel_post", args=[post.pk]) and post.kind == "practice"
    client.post(reverse("channel_post_publish", args=[post.pk]), {"publish": "1"})
    post.refresh_from_db()
    assert post.is_published
    client_for(world.leader_officer).post(reverse("channel_post_comment", args=[post.pk]), {"text": "Hay"})
    page = client.get(reverse("channel_post", args=[post.pk])).content.decode()
    assert "Hay" in page and post.public_url in page
    listing = client.get(reverse("channel_cluster", args=[world.cluster.pk])).content.decode()
    assert "Cách làm hay" in listing


def test_upload_too_big_is_refused_before_it_is_stored(world, make_post, client_for, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SCORING_EVIDENCE_MAX_BYTES = 1024
    post = make_post()
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200_000)
    response = client_for(world.member_officer).post(reverse("channel_post_attach", args=[post.pk]), {"file": big}, follow=True)
    assert "vượt quá dung lượng" in response.content.decode()
    assert not post.attachments.exists()


def test_a_wrong_attachment_is_removed_by_the_posts_unit_only(world, make_post, client_for, django_capture_on_commit_callbacks):
    """An officer who uploaded the wrong image takes it away: the file is gone from the post,
    the portal and the storage; another unit may not, and the removal is audited."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from thidua.channel.models import Attachment

    post = make_post(publish=True)
    services.attachment_add(actor=world.member_officer, post=post, uploaded=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64))
    attachment = post.attachments.get()
    stored = attachment.file.path
    url = reverse("channel_attachment_remove", args=[attachment.pk])
    assert client_for(world.leader_officer).post(url).status_code == 403
    assert client_for(world.outside_officer).post(url).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    page = client_for(world.member_officer).get(reverse("channel_post", args=[post.pk])).content.decode()
    assert url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.member_officer).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("channel_post", args=[post.pk])
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not __import__("os").path.exists(stored)
    assert Client().get(reverse("channel_attachment", args=[attachment.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="post.detach").count() == 1
