"""notify(): rows for active recipients in one INSERT, dedupe, and e-mail as each person
prefers, queued after the commit."""

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from thidua.core.errors import InvalidInput, NotFound
from thidua.notifications import selectors, services
from thidua.notifications.models import EMAIL_DEFAULTS, Kind, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def tell(users, **kwargs):
    kwargs.setdefault("kind", Kind.PHASE_CHANGED)
    kwargs.setdefault("title", "Cụm thi đua số 1 năm 2026: chuyển sang giai đoạn “Chấm chéo”")
    kwargs.setdefault("body", "Nội dung.")
    kwargs.setdefault("link", "/cum/1/nam/2026/")
    return services.notify(recipients=users, **kwargs)


def test_one_row_per_active_person_made_in_one_insert(django_capture_on_commit_callbacks):
    a, b = UserFactory(), UserFactory()
    gone = UserFactory(is_active=False)
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=False):
        told = tell([a, b, gone, a])
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "notifications_notification" in inserts[0]
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted([a.pk, b.pk])
    assert len(told.created) == 2 and {u.pk for u in told.emailed} == {a.pk, b.pk}
    assert not Notification.objects.filter(recipient=gone).exists()


def test_one_email_per_person_only_after_the_commit(django_capture_on_commit_callbacks):
    a, b = UserFactory(full_name="Nguyễn Thị An"), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        tell([a, b], title="Tiêu đề", body="Nội dung thông báo.", link="/thong-bao/")
        assert mail.outbox == []  # nothing leaves inside the transaction
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email])
    mine = next(m for m in mail.outbox if m.to == [a.email])
    assert mine.subject == "[ThiDua] Tiêu đề"
    assert "Kính gửi Nguyễn Thị An," in mine.body and "Nội dung thông báo." in mine.body and "/thong-bao/" in mine.body


def test_a_rolled_back_event_leaves_no_row_and_sends_nothing(django_capture_on_commit_callbacks):
    a = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        tell([a])
        raise RuntimeError
    assert not Notification.objects.exists() and mail.outbox == []


def test_email_follows_the_preference_and_the_address(django_capture_on_commit_callbacks):
    wants, refuses, no_address = UserFactory(), UserFactory(), UserFactory(email="")
    services.preferences_set(actor=refuses, email={Kind.PHASE_CHANGED: False})
    with django_capture_on_commit_callbacks(execute=True):
        told = tell([wants, refuses, no_address])
    assert [m.to for m in mail.outbox] == [[wants.email]]
    assert [u.pk for u in told.emailed] == [wants.pk]
    assert Notification.objects.count() == 3  # in the product, always


def test_a_kind_off_by_default_is_emailed_only_to_who_asks(django_capture_on_commit_callbacks):
    assert EMAIL_DEFAULTS[Kind.COMMENT] is False
    quiet, keen = UserFactory(), UserFactory()
    services.preferences_set(actor=keen, email={Kind.COMMENT: True})
    with django_capture_on_commit_callbacks(execute=True):
        tell([quiet, keen], kind=Kind.COMMENT)
    assert [m.to for m in mail.outbox] == [[keen.email]]


def test_the_same_dedupe_key_tells_each_person_once(django_capture_on_commit_callbacks):
    a, b = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        tell([a], kind=Kind.TASK_DUE, dedupe_key="task_due:1:register:2026-01-28")
        again = tell([a, b], kind=Kind.TASK_DUE, dedupe_key="task_due:1:register:2026-01-28")
        tell([a], kind=Kind.TASK_DUE, dedupe_key="task_due:1:register:2026-01-29")  # another day
    assert [u.pk for u in again.emailed] == [b.pk]
    assert Notification.objects.filter(recipient=a).count() == 2 and Notification.objects.filter(recipient=b).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([a.email, b.email, a.email])


def test_without_a_key_the_same_event_may_be_told_twice():
    a = UserFactory()
    tell([a])
    tell([a])
    assert Notification.objects.filter(recipient=a).count() == 2


def test_nobody_to_tell_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert tell([UserFactory.build(is_active=False)]).created == []


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/", "cum/1/"])
def test_a_link_must_be_a_path_of_the_site(link):
    with pytest.raises(ValueError):
        tell([UserFactory()], link=link)
    assert not Notification.objects.exists()


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        tell([UserFactory()], kind="gossip")


def test_open_marks_only_my_own_read():
    me, other = UserFactory(), UserFactory()
    tell([me, other])
    theirs = Notification.objects.get(recipient=other)
    with pytest.raises(NotFound):
        services.notification_open(actor=me, notification_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None
    mine = Notification.objects.get(recipient=me)
    opened = services.notification_open(actor=me, notification_id=mine.pk)
    first = opened.read_at
    assert first is not None
    assert services.notification_open(actor=me, notification_id=mine.pk).read_at == first  # read once, kept


def test_mark_all_read_is_mine_only():
    me, other = UserFactory(), UserFactory()
    tell([me, other])
    tell([me])
    assert selectors.unread_count(me) == 2
    assert services.notifications_mark_all_read(actor=me) == 2
    assert selectors.unread_count(me) == 0 and selectors.unread_count(other) == 1


def test_preferences_store_only_what_differs_from_the_default():
    me = UserFactory()
    services.preferences_set(actor=me, email={Kind.TASK_DUE: False, Kind.COMMENT: False})
    assert list(NotificationPreference.objects.values_list("kind", "email")) == [(Kind.TASK_DUE, False)]
    services.preferences_set(actor=me, email={Kind.TASK_DUE: True})
    assert not NotificationPreference.objects.exists()
    with pytest.raises(InvalidInput):
        services.preferences_set(actor=me, email={"gossip": True, Kind.TASK_DUE: False})
    assert not NotificationPreference.objects.exists()  # nothing saved from a bad request
