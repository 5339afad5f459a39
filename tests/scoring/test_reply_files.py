"""Files on explanation replies (giải trình): checked by content like evidence, stored under
MEDIA_ROOT, served only to the thread's units and the organizer; a refused file saves
nothing — neither the reply nor any file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from thidua.core.errors import InvalidInput
from thidua.core.models import AuditEvent
from thidua.org.models import Phase
from thidua.scoring import services
from thidua.scoring.models import ScoreQueryReply, ScoreQueryReplyFile

from .helpers import EXE, FULL, PDF, PNG, media, open_self_assessment, set_phase, submit_self, upload  # noqa: F401  (media: a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(media):  # noqa: F811  (the fixture imported above)
    """Files go to a temporary MEDIA_ROOT (scoring's `media` fixture)."""
    return media


@pytest.fixture
def query(world):
    open_self_assessment(world)
    submit_self(world, world.member_unit, FULL)
    set_phase(world.cluster_year, Phase.CROSS_SCORING)
    return services.score_query_ask(actor=world.leader_officer, cluster_year=world.cluster_year, unit=world.member_unit,
                                    scorer=world.leader_unit, criterion_code="I.1", text="Đề nghị gửi văn bản ban hành.")


def stored_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def file_url(world, item) -> str:
    return reverse("scoring_query_file", args=[world.cluster.pk, 2026, item.pk])


def test_a_reply_carries_files_checked_by_content(world, query, media_root):
    reply = services.score_query_reply(actor=world.member_officer, query=query, text="Gửi kèm Kế hoạch số 12.",
                                       files=[upload("Kế hoạch 12.pdf", PDF), upload("anh.png", PNG, "image/png")])
    items = list(reply.files.order_by("pk"))
    assert [(f.original_name, f.file_type) for f in items] == [("Kế hoạch 12.pdf", "pdf"), ("anh.png", "png")]
    assert all(Path(f.file.path).is_relative_to(Path(media_root)) for f in items)
    event = AuditEvent.objects.filter(action="score_query.reply").latest("id")
    assert [f["name"] for f in event.after["files"]] == ["Kế hoạch 12.pdf", "anh.png"]


def test_a_renamed_exe_is_refused_and_nothing_is_saved(world, query, media_root):
    with pytest.raises(InvalidInput, match="không phải là PDF"):
        services.score_query_reply(actor=world.member_officer, query=query, text="Gửi kèm.",
                                   files=[upload("ke-hoach.pdf", PDF), upload("bao-cao.pdf", EXE)])
    assert not ScoreQueryReply.objects.exists() and not ScoreQueryReplyFile.objects.exists()
    assert stored_files(media_root) == []
    query.refresh_from_db()
    assert not query.answered


def test_the_page_posts_files_and_refuses_an_exe(world, query, client_for, media_root):
    client = client_for(world.member_officer)
    url = reverse("scoring_query_reply", args=[world.cluster.pk, 2026, query.pk])
    response = client.post(url, {"text": "Gửi kèm.", "files": [upload("virus.pdf", EXE)]}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and "không phải là PDF" in response.content.decode()  # HTMX swaps a 422 in
    assert not ScoreQueryReply.objects.exists() and stored_files(media_root) == []
    response = client.post(url, {"text": "Gửi kèm.", "files": [upload("ke-hoach.pdf", PDF)]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    item = ScoreQueryReplyFile.objects.get()
    assert file_url(world, item) in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [
    ("member_officer", 200), ("member_head", 200),  # the unit asked
    ("leader_officer", 200),  # the unit that asked
    ("organizer_officer", 200), ("admin", 200),
    ("deputy_officer", 404),  # another unit of the cluster
    ("member_delegate", 404),  # a delegate only votes
    ("outside_officer", 404), ("other_organizer_officer", 404),
])
def test_the_file_is_served_only_to_the_thread_and_the_organizer(world, query, client_for, media_root, who, status):
    reply = services.score_query_reply(actor=world.member_officer, query=query, text="Gửi kèm.", files=[upload("a.pdf", PDF)])
    item = reply.files.get()
    response = client_for(getattr(world, who)).get(file_url(world, item))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
    else:
        assert b"a.pdf" not in response.content


def test_anonymous_is_sent_to_sign_in(world, query, client, media_root):
    reply = services.score_query_reply(actor=world.member_officer, query=query, text="Gửi kèm.", files=[upload("a.pdf", PDF)])
    response = client.get(file_url(world, reply.files.get()))
    assert response.status_code == 302
