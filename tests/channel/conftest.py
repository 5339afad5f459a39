import pytest

from thidua.channel import services


@pytest.fixture
def make_post(world):
    """make_post(publish=False, **data) -> a post of the world's cluster by the member officer."""

    def make(publish: bool = False, actor=None, **data):
        payload = {"kind": "news", "title": "Tin của Cụm", "summary": "Tóm tắt", "body": "<p>Nội dung</p>", "publish": publish, **data}
        return services.post_create(actor=actor or world.member_officer, cluster=world.cluster, data=payload)

    return make


@pytest.fixture
def portal_args(world):
    from thidua.channel.presenters import portal_cluster_args

    return portal_cluster_args(world.cluster)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Attachments go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
