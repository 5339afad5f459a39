"""With the database backend (production's and `make run`'s), an e-mail is a row in the
queue until the worker (`manage.py db_worker`) runs it; the tests otherwise use the
immediate backend."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from thidua.notifications.models import Kind
from thidua.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DATABASE_QUEUE)  # setting_changed resets django_tasks.task_backends
def test_the_database_queue_holds_the_mail_until_the_worker_sends_it():
    user = UserFactory()
    with transaction.atomic():
        notify(recipients=[user], kind=Kind.POLL_OPENED, title="Phiếu bầu đang mở: Bầu Cụm trưởng", link="/bieu-quyet/1/bo-phieu/")
        assert not DBTaskResult.objects.exists()  # queued only after the commit
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.task_path == "thidua.core.mail.send_mail_task"
    assert mail.outbox == []  # nothing sent by the request itself
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0.01", verbosity=0)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert mail.outbox[0].subject == "[ThiDua] Phiếu bầu đang mở: Bầu Cụm trưởng"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
