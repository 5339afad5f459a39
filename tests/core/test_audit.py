"""The audit trail: keyed hash chains, one per scope, append-only; tampering by someone
without the audit secret is detected and the first bad event named (chain and number)."""

import hashlib
import io
import itertools
import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import OrganizerFactory, UserFactory
from thidua.core import audit
from thidua.core.audit import GENESIS, audit_record, audit_verify, chain_head, event_hash, event_payload, head_seal, key_id_of
from thidua.core.checks import check_audit_secret
from thidua.core.models import AuditEvent, AuditHead
from thidua.org.services import cluster_create, cluster_update

from .audit_tamper import tamper

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster():
    actor = UserFactory(is_superuser=True)
    cluster = cluster_create(actor=actor, organizer=OrganizerFactory(), kind="cluster", number="1", name="Cụm thi đua số 1")
    for n in range(2, 6):
        cluster_update(actor=actor, cluster=cluster, data={"name": f"Cụm thi đua số {n}"})
    return cluster


@pytest.fixture
def chain(cluster):
    """The five events of the cluster's chain, in order."""
    return list(AuditEvent.objects.filter(chain=f"cluster:{cluster.pk}").order_by("seq"))


def test_a_clusters_events_form_its_own_chain(cluster, chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert [e.action for e in chain] == ["cluster.create"] + ["cluster.update"] * 4
    assert chain[0].prev_hash == GENESIS
    for previous, event in itertools.pairwise(chain):
        assert event.prev_hash == previous.hash
    assert all(event.hash == event_hash(event) for event in chain)
    head = AuditHead.objects.get(chain=f"cluster:{cluster.pk}")
    assert (head.seq, head.hash) == (5, chain[-1].hash)
    assert chain_head(organizer_id=cluster.organizer_id, cluster_id=cluster.pk) == chain[-1].hash
    # The new chain was opened in the global chain, so that removing it whole is detected.
    opening = AuditEvent.objects.get(chain="global")
    assert (opening.seq, opening.action, opening.object_id) == (1, "audit.chain_open", f"cluster:{cluster.pk}")
    report = audit_verify()
    assert report.ok and report.checked == 6 and report.chains == 2


def test_each_event_goes_to_its_scopes_chain():
    organizer = OrganizerFactory()
    by_cluster = audit_record(actor=None, action="t", object_type="x", organizer_id=organizer.pk, cluster_id=77)
    by_organizer = audit_record(actor=None, action="t", object_type="x", organizer_id=organizer.pk)
    unscoped = audit_record(actor=None, action="t", object_type="x")
    assert (by_cluster.chain, by_organizer.chain) == ("cluster:77", f"organizer:{organizer.pk}")
    assert unscoped.chain == "global" and unscoped.seq == 3  # after the two chains' openings
    assert chain_head(cluster_id=77) == by_cluster.hash and chain_head(cluster_id=78) == GENESIS
    assert chain_head() == unscoped.hash
    # The global order for reading is the id, across chains.
    assert list(AuditEvent.objects.filter(action="t")) == [unscoped, by_organizer, by_cluster]


def test_hashes_are_keyed_with_the_audit_secret(chain, settings):
    event = chain[0]
    text = json.dumps(event_payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert event.hash != hashlib.sha256(text.encode()).hexdigest()
    assert event.key_id == key_id_of(settings.AUDIT_SECRET)
    assert event.hash != event_hash(event, b"another key of at least thirty-two chars")


def test_rotating_the_secret_keeps_old_events_verifiable(cluster, chain, settings):
    old = settings.AUDIT_SECRET
    settings.AUDIT_SECRET, settings.AUDIT_SECRETS_OLD = "the-new-audit-secret-after-rotation-0123", [old]
    event = audit_record(actor=None, action="t", object_type="x", cluster_id=cluster.pk)
    assert event.seq == 6 and event.key_id == key_id_of(settings.AUDIT_SECRET) != chain[0].key_id
    assert audit_verify().ok
    settings.AUDIT_SECRETS_OLD = []  # the old secret lost: its events can no longer be vouched for
    report = audit_verify()
    assert not report.ok
    assert report.chain == "global" and report.broken_seq == 1 and "unknown key" in report.problem


def test_edited_event_is_detected_and_named(cluster, chain):
    tamper("UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"name": "Cụm giả mạo"}', chain[2].pk])
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 3) and "altered" in report.problem
    with pytest.raises(CommandError, match=rf"cluster:{cluster.pk} at event #3"):
        call_command("verify_audit")


def _plain(event) -> str:
    text = json.dumps(event_payload(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


GUESSED = "a-guessed-audit-secret-of-enough-length"


@pytest.mark.parametrize("attacker", ["plain SHA-256", "guessed key"])
def test_forward_recomputation_without_the_secret_is_detected(cluster, chain, attacker):
    """The insider edits event #3, recomputes every hash from there on and moves the head
    (and its seal) to match: the old plain chain accepted exactly this."""
    key = GUESSED.encode()
    prev = chain[1].hash
    for event in chain[2:]:
        if event.seq == 3:
            event.reason = "sửa lén"
        if attacker == "guessed key":
            event.key_id = key_id_of(GUESSED)
        event.prev_hash = prev
        event.hash = _plain(event) if attacker == "plain SHA-256" else event_hash(event, key)
        tamper("UPDATE core_auditevent SET reason = %s, key_id = %s, prev_hash = %s, hash = %s WHERE id = %s",
               [event.reason, event.key_id, event.prev_hash, event.hash, event.pk])  # fmt: skip
        prev = event.hash
    seal = head_seal(f"cluster:{cluster.pk}", 5, prev, key)
    tamper("UPDATE core_audithead SET hash = %s, key_id = %s, seal = %s WHERE chain = %s",
           [prev, key_id_of(GUESSED), seal, f"cluster:{cluster.pk}"])  # fmt: skip
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 3)


def test_deleted_event_is_detected(cluster, chain):
    tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[1].pk])
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 2) and "missing" in report.problem


def test_truncated_tail_is_detected(cluster, chain):
    tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[4].pk])
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 5) and "removed" in report.problem


@pytest.mark.parametrize("seal", ["kept", "guessed key"])
def test_truncated_tail_with_the_head_rewound_is_detected(cluster, chain, seal):
    name = f"cluster:{cluster.pk}"
    tamper("DELETE FROM core_auditevent WHERE id IN (%s, %s)", [chain[3].pk, chain[4].pk])
    forged = head_seal(name, 3, chain[2].hash, GUESSED.encode())
    if seal == "kept":
        tamper("UPDATE core_audithead SET seq = 3, hash = %s WHERE chain = %s", [chain[2].hash, name])
    else:
        tamper("UPDATE core_audithead SET seq = 3, hash = %s, key_id = %s, seal = %s WHERE chain = %s",
               [chain[2].hash, key_id_of(GUESSED), forged, name])  # fmt: skip
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (name, 4) and "rewritten" in report.problem


def test_a_chain_removed_whole_is_detected(cluster, chain):
    tamper("DELETE FROM core_auditevent WHERE chain = %s", [f"cluster:{cluster.pk}"])
    tamper("DELETE FROM core_audithead WHERE chain = %s", [f"cluster:{cluster.pk}"])
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 1)


def test_a_removed_head_is_detected(cluster, chain):
    tamper("DELETE FROM core_audithead WHERE chain = %s", [f"cluster:{cluster.pk}"])
    report = audit_verify()
    assert not report.ok and (report.chain, report.broken_seq) == (f"cluster:{cluster.pk}", 6) and "head" in report.problem


def test_an_event_moved_to_another_chain_is_detected(cluster, chain):
    tamper("UPDATE core_auditevent SET chain = 'cluster:999', seq = 1, prev_hash = %s WHERE id = %s", [GENESIS, chain[4].pk])
    assert not audit_verify().ok


def test_verify_command_reports_intact_trail(chain):
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "6 events verified in 2 chains" in out.getvalue()


def test_events_cannot_be_changed_or_deleted_through_the_orm(chain):
    event = chain[0]
    event.action = "forged"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_failed_service_writes_no_event():
    actor = UserFactory(is_superuser=True)
    with pytest.raises(Exception):  # noqa: B017 - any domain error; the point is what is left behind
        cluster_create(actor=actor, organizer=OrganizerFactory(), kind="cluster", number="", name="")
    assert AuditEvent.objects.count() == 0 and AuditHead.objects.count() == 0


def test_audit_record_without_actor_is_labelled_system():
    event = audit_record(actor=None, action="system.test", object_type="x", object_id="1", object_label="x")
    assert event.actor_id is None and event.actor_label == audit.SYSTEM_LABEL == "hệ thống"


@pytest.mark.parametrize(("debug", "secret", "errors"), [(False, "", ["core.E001"]), (False, "short", ["core.E001"]),
                                                        (False, "s" * 32, []), (True, "", [])])  # fmt: skip
def test_system_check_requires_an_audit_secret_outside_debug(settings, debug, secret, errors):
    settings.DEBUG, settings.AUDIT_SECRET = debug, secret
    assert [e.id for e in check_audit_secret()] == errors


def test_appending_to_an_open_chain_costs_three_statements_and_no_savepoint(cluster, chain, django_assert_num_queries):
    # Lock this chain's head, insert the event, move the head: nothing global, no savepoint pair.
    with django_assert_num_queries(3) as captured:
        audit_record(actor=None, action="t", object_type="x", cluster_id=cluster.pk)
    assert not any("SAVEPOINT" in q["sql"] for q in captured.captured_queries)


def test_a_trail_put_back_to_an_older_state_misses_a_printed_head(cluster, chain):
    """Deleting the tail and restoring the head from an old backup verifies (that state was
    genuine once); the head hash printed since (in the minutes) is then missing."""
    printed = chain_head(cluster_id=cluster.pk)
    out = io.StringIO()
    call_command("verify_audit", anchor=[printed], stdout=out)
    assert f"is event #5 of chain cluster:{cluster.pk}" in out.getvalue()
    name, key = f"cluster:{cluster.pk}", audit.known_keys()[chain[3].key_id]
    backup_seal = head_seal(name, 4, chain[3].hash, key)  # the head as a backup taken at #4 holds it
    tamper("DELETE FROM core_auditevent WHERE id = %s", [chain[4].pk])
    tamper("UPDATE core_audithead SET seq = 4, hash = %s, seal = %s WHERE chain = %s", [chain[3].hash, backup_seal, name])
    assert audit_verify().ok
    with pytest.raises(CommandError, match="not in the trail"):
        call_command("verify_audit", anchor=[printed])
