"""The audit trail is append-only and hash-chained; tampering is detected and named."""

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import OrganizerFactory, UserFactory
from thidua.core.audit import audit_record, audit_verify, event_hash
from thidua.core.models import AuditEvent, AuditHead
from thidua.org.services import cluster_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    actor = UserFactory(is_superuser=True)
    organizer = OrganizerFactory()
    for n in range(5):
        cluster_create(actor=actor, organizer=organizer, kind="cluster", number=str(n + 1), name=f"Cụm thi đua số {n + 1}")
    return list(AuditEvent.objects.order_by("seq"))


def test_events_are_chained_in_order(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == "0" * 64
    for previous, event in itertools.pairwise(chain):
        assert event.prev_hash == previous.hash
        assert event.hash == event_hash(event)
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (5, chain[-1].hash)
    assert audit_verify().ok


def test_event_records_actor_object_and_data(chain):
    event = chain[2]
    assert event.action == "cluster.create"
    assert event.object_type == "org.cluster"
    assert event.after["name"] == "Cụm thi đua số 3"
    assert event.actor_id is not None and event.organizer_ref is not None and event.cluster_ref is not None


def test_events_cannot_be_changed_or_deleted_through_the_orm(chain):
    event = chain[0]
    event.action = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_edited_event_is_detected_and_named(chain):
    # Someone with database access rewrites what event #3 says.
    _raw("UPDATE core_auditevent SET after = %s WHERE seq = %s", ['{"name": "Cụm giả mạo"}', 3])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 3 and "altered" in report.problem
    with pytest.raises(CommandError, match="#3"):
        call_command("verify_audit")


def test_rehashed_forgery_breaks_the_next_link(chain):
    # A forger who also recomputes the forged event's hash still breaks event #4's link.
    forged = AuditEvent.objects.get(seq=3)
    forged.reason = "forged"
    _raw("UPDATE core_auditevent SET reason = %s, hash = %s WHERE seq = %s", ["forged", event_hash(forged), 3])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 4


def test_deleted_event_is_detected(chain):
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [2])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2 and "missing" in report.problem


def test_truncated_tail_is_detected(chain):
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [5])
    report = audit_verify()
    assert not report.ok and report.broken_seq == 5


def test_verify_command_reports_intact_chain(chain):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "5 events verified" in out.getvalue()


def test_failed_service_writes_no_event():
    actor = UserFactory(is_superuser=True)
    organizer = OrganizerFactory()
    with pytest.raises(Exception):  # noqa: B017 - any domain error; the point is what is left behind
        cluster_create(actor=actor, organizer=organizer, kind="cluster", number="", name="")
    assert AuditEvent.objects.count() == 0


def test_audit_record_without_actor_is_labelled_system():
    event = audit_record(actor=None, action="system.test", object_type="x", object_id="1", object_label="x")
    assert event.actor_id is None and event.actor_label == "hệ thống"
