"""The demo tells both seeds' stories on the public portal (load_demo, then again: nothing new)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from thidua.channel.models import Comment, Post

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments go to a temporary MEDIA_ROOT (as for every test of tests/channel)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_both_seed_articles_published_and_load_demo_idempotent(demo_loaded, db):
    ii = Post.objects.get(cluster__number="II", from_results=True)
    three = Post.objects.get(cluster__number="3", from_results=True)
    assert ii.is_published and ii.cluster_year.year == 2017 and f"{ii.published_at:%Y-%m-%d}" == "2017-12-01"
    assert three.is_published and three.cluster_year.year == 2022 and three.author_unit.name == "Sở Ngoại vụ tỉnh Quảng Bình"
    for text in ("Đỗ Ngọc Dũng", "Sở Ngoại vụ tỉnh Yên Bái", "Sở Ngoại vụ tỉnh Bắc Giang", "Sở Ngoại vụ tỉnh Hòa Bình",
                 "Sở Ngoại vụ tỉnh Bắc Ninh", "Sở Ngoại vụ tỉnh Thái Nguyên làm đơn vị Cụm trưởng năm 2018", "kênh thông tin chung"):
        assert text in ii.body_html, text
    for text in ("Tam Kỳ", "91/KH-CTĐ", "Giao ước thi đua năm 2023", "9/9", "Quảng Ngãi"):
        assert text in three.body_html, text
    html = Client().get(three.public_url).content.decode()
    assert "8:31, Thứ Bảy, 17/12/2022" in html and "Các tin khác" in html
    assert Comment.objects.filter(post=ii).exists()
    before = Post.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Post.objects.count() == before
