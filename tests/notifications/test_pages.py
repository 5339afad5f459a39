"""The notification centre, the opening of one, mark-all, the preferences page, and the
unread count in the navbar of every page."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from thidua.notifications import services
from thidua.notifications.models import Kind, Notification, NotificationPreference

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications:centre")
PREFS = reverse("notifications:preferences")
MARK_ALL = reverse("notifications:mark_all_read")
BADGE = re.compile(r'class="badge rounded-pill td-bell-badge"[^>]*>([^<]+)<')


def tell(user, title="Thông báo", link="/cum/1/nam/2026/", kind=Kind.PHASE_CHANGED):
    services.notify(recipients=[user], kind=kind, title=title, body="Nội dung", link=link)
    return Notification.objects.filter(recipient=user).order_by("-id").first()


def badge(html: str) -> str | None:
    found = BADGE.search(html)
    return found.group(1) if found else None


def test_the_centre_lists_only_mine_newest_first_unread_marked(client_for):
    me, other = UserFactory(), UserFactory()
    tell(me, "Cũ hơn")
    tell(me, "Mới hơn")
    tell(other, "Của người khác")
    services.notification_open(actor=me, notification_id=Notification.objects.get(title="Cũ hơn").pk)
    html = client_for(me).get(CENTRE).content.decode()
    assert html.index("Mới hơn") < html.index("Cũ hơn") and "Của người khác" not in html
    assert html.count("td-unread") == 1
    unread = client_for(me).get(CENTRE, {"loc": "chua-doc"}).content.decode()
    assert "Mới hơn" in unread and "Cũ hơn" not in unread


def test_the_centre_pages_twenty_at_a_time(client_for):
    me = UserFactory()
    for i in range(25):
        tell(me, f"Thông báo số {i:02d}")
    first = client_for(me).get(CENTRE).content.decode()
    second = client_for(me).get(CENTRE, {"trang": 2}).content.decode()
    assert "Thông báo số 24" in first and "Thông báo số 05" in first and "Thông báo số 04" not in first
    assert "Thông báo số 04" in second and "Thông báo số 00" in second and "Trang 2/2" in second


def test_opening_mine_marks_it_read_and_goes_to_its_link(client_for):
    me = UserFactory()
    n = tell(me, link="/cum/1/nam/2026/cham-cheo/")
    response = client_for(me).get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/cum/1/nam/2026/cham-cheo/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_anothers_notification_is_404_and_stays_unread(client_for):
    me, other = UserFactory(), UserFactory()
    theirs = tell(other)
    assert client_for(me).get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client_for(me).get(reverse("notifications:open", args=[theirs.pk + 1000])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_link_that_is_not_a_local_path_is_never_followed(client_for):
    me = UserFactory()
    n = tell(me)
    Notification.objects.filter(pk=n.pk).update(link="//evil.example/phish")  # as if written around notify()
    response = client_for(me).get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == CENTRE


def test_signed_out_people_are_sent_to_sign_in(client_for):
    n = tell(UserFactory())
    for url in (CENTRE, PREFS, reverse("notifications:open", args=[n.pk])):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read_is_a_post_with_csrf_and_touches_only_mine(client_for):
    me, other = UserFactory(), UserFactory()
    tell(me)
    tell(me)
    tell(other)
    assert client_for(me).get(MARK_ALL).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(me)
    assert strict.post(MARK_ALL).status_code == 403  # no token
    assert Notification.objects.filter(recipient=me, read_at__isnull=True).count() == 2
    response = client_for(me).post(MARK_ALL, follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1


def test_the_badge_counts_my_unread_on_every_page(client_for):
    me, other = UserFactory(), UserFactory()
    assert badge(client_for(me).get(reverse("dashboard")).content.decode()) is None  # nothing unread: no badge
    for _ in range(3):
        tell(me)
    tell(other)
    html = client_for(me).get(reverse("dashboard")).content.decode()
    assert badge(html) == "3" and "Thông báo: 3 chưa đọc" in html
    assert badge(client_for(me).get(reverse("unit_list")).content.decode()) == "3"
    Notification.objects.bulk_create(Notification(recipient=me, kind=Kind.COMMENT, title="x") for _ in range(100))
    assert badge(client_for(me).get(reverse("dashboard")).content.decode()) == "99+"


def test_no_badge_nor_count_for_anonymous_people(client_for):
    tell(UserFactory())
    with CaptureQueriesContext(connection) as ctx:
        html = client_for(None).get(reverse("login")).content.decode()
    assert "td-bell" not in html
    assert not any("notifications_notification" in q["sql"] for q in ctx.captured_queries)


def test_a_page_with_the_badge_counts_once_with_one_cheap_query(client_for):
    """The badge adds exactly one statement to a page: a COUNT of my unread rows (the
    partial index), however many notifications there are."""
    me = UserFactory()
    client = client_for(me)
    url = reverse("dashboard")
    client.get(url)  # warm up

    def notification_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]

    few = notification_queries()
    for i in range(30):
        tell(me, f"Thông báo {i}")
    many = notification_queries()
    assert len(few) == len(many) == 1
    assert many[0].startswith("SELECT COUNT(*)") and "read_at" in many[0] and "IS NULL" in many[0]


def test_preferences_show_the_defaults_and_save_my_choice(client_for):
    me = UserFactory()
    html = client_for(me).get(PREFS).content.decode()
    assert 'name="email_phase_changed" checked' in html and 'name="email_comment">' in html
    response = client_for(me).post(PREFS, {"email_task_due": "on", "email_comment": "on"})  # the rest unticked
    assert response.status_code == 302
    stored = dict(NotificationPreference.objects.filter(user=me).values_list("kind", "email"))
    assert stored[Kind.COMMENT] is True and stored[Kind.PHASE_CHANGED] is False and Kind.TASK_DUE not in stored
    html = client_for(me).get(PREFS).content.decode()
    assert 'name="email_comment" checked' in html and 'name="email_phase_changed">' in html


def test_preferences_are_mine_alone(client_for):
    me, other = UserFactory(), UserFactory()
    client_for(me).post(PREFS, {})
    assert NotificationPreference.objects.filter(user=me).exists()
    assert not NotificationPreference.objects.filter(user=other).exists()


def test_without_an_address_the_page_says_so(client_for):
    html = client_for(UserFactory(email="")).get(PREFS).content.decode()
    assert "chưa có địa chỉ thư điện tử" in html
