"""E-mail is queued after commit and retried when the mail server fails."""

import pytest
from django.core import mail
from django.db import transaction

from thidua.core import mail as core_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_mail_is_sent_after_commit_one_message_per_recipient():
    with transaction.atomic():
        core_mail.queue_mail("Chủ đề", "Nội dung", ["b@example.vn", "a@example.vn", "", "a@example.vn"])
        assert mail.outbox == []  # nothing leaves before the commit
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.vn", "b@example.vn"]
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees the other addresses


def test_a_rolled_back_write_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        core_mail.queue_mail("Chủ đề", "Nội dung", ["a@example.vn"])
        raise RuntimeError
    assert mail.outbox == []


def test_a_failing_server_is_retried_then_given_up(settings, caplog):
    settings.EMAIL_BACKEND = "tests.core.test_mail.FailingBackend"
    FailingBackend.calls = 0
    core_mail.send_mail_task.enqueue("Chủ đề", "Nội dung", ["a@example.vn"], None, 0)
    assert FailingBackend.calls == len(core_mail.RETRY_DELAYS_MINUTES) + 1
    assert "Gave up sending mail" in caplog.text


class FailingBackend:
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FailingBackend.calls += 1
        raise OSError("connection refused")
