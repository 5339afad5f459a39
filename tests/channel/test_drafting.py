"""News drafted from the year's results, after the conference only."""

import pytest
from django.urls import reverse

from thidua.channel import drafting
from thidua.channel.models import Post
from thidua.core.errors import Conflict
from thidua.org.models import ClusterYear, Phase


def test_refused_before_the_conference_is_over(world):
    with pytest.raises(Conflict):
        drafting.news_draft_from_results(actor=world.member_officer, cluster_year=world.cluster_year)
    assert not Post.objects.exists()


def test_draft_tells_the_year(world, client_for):
    from thidua.voting.models import Conference

    ClusterYear.objects.filter(pk=world.cluster_year.pk).update(phase=Phase.CLOSED)
    world.cluster_year.refresh_from_db()
    Conference.objects.update_or_create(cluster_year=world.cluster_year, defaults={
        "guests": ["Nguyễn Văn A, Vụ trưởng"], "place": "Thành phố Vinh", "checkin_code": "123456"})
    post = drafting.news_draft_from_results(actor=world.member_officer, cluster_year=world.cluster_year)
    assert not post.is_published and post.from_results and post.cluster_year == world.cluster_year
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2026" in post.title
    for text in (world.leader_unit.name, world.member_unit.name, "Nguyễn Văn A, Vụ trưởng", "Thành phố Vinh"):
        assert text in post.body_html
    # the page's button makes the same draft and opens it for editing
    response = client_for(world.leader_officer).post(reverse("channel_draft_from_results", args=[world.cluster.pk, 2026]))
    assert response.status_code == 302 and "/sua/" in response["Location"]


def test_the_drafted_article_links_nothing_a_reader_cannot_open(world, monkeypatch):
    """The article goes to the public portal: the plan and the covenant it tells of are named
    (as the seeds do), not linked to the members' pages, which need a sign-in."""
    import datetime as dt
    import re
    from types import SimpleNamespace

    real = drafting.facts

    def with_plan_and_covenant(cluster_year):
        plan = SimpleNamespace(issued_document=SimpleNamespace(document_number="91/KH-CTĐ"), date=dt.date(2026, 11, 23),
                               issuer_unit=world.leader_unit)  # fmt: skip
        return {**real(cluster_year), "plan": plan, "covenant_signed": 3, "covenant_members": 3}

    monkeypatch.setattr(drafting, "facts", with_plan_and_covenant)
    _title, _summary, body = drafting.article(world.cluster_year)
    assert "Kế hoạch số 91/KH-CTĐ ngày 23/11/2026" in body and "3/3 đơn vị đã ký Giao ước thi đua năm 2027" in body
    assert not re.findall(r'href="/cum/', body)
