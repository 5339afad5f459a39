"""E-mail leaves the request: `queue_mail` enqueues it after the transaction commits (a
rolled-back write sends nothing) and the background worker (`manage.py db_worker`,
docs/deploy.md) sends it. A failure to reach the mail server is retried later, with a
growing delay, a few times, and then logged — never raised to the person who clicked."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)

#: Attempts in all, and the wait before each retry (minutes): 1, 5, 30, 120.
RETRY_DELAYS_MINUTES = (1, 5, 30, 120)


def queue_mail(subject: str, body: str, recipients: list[str], html: str | None = None) -> None:
    """Send one message to `recipients` (each sees only their own address) once the current
    transaction commits."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail_task.enqueue(subject, body, recipients, html, 0))


@task()
def send_mail_task(subject: str, body: str, recipients: list[str], html: str | None, attempt: int) -> int:
    """Sends to each recipient apart; on failure re-queues those not reached."""
    failed = []
    for address in recipients:
        message = EmailMultiAlternatives(subject, body, None, [address])
        if html:
            message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception:  # the mail server's failures are many and all mean "later"
            log.warning("Sending mail to %s failed (attempt %d)", address, attempt + 1, exc_info=True)
            failed.append(address)
    if failed:
        _retry(subject, body, failed, html, attempt)
    return len(recipients) - len(failed)


def _retry(subject: str, body: str, recipients: list[str], html: str | None, attempt: int) -> None:
    if attempt >= len(RETRY_DELAYS_MINUTES):
        log.error("Gave up sending mail %r to %s after %d attempts", subject, recipients, attempt + 1)
        return
    queued = send_mail_task
    if queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + dt.timedelta(minutes=RETRY_DELAYS_MINUTES[attempt]))
    queued.enqueue(subject, body, recipients, html, attempt + 1)
