"""Playing the insider with write access to the database but not the audit secret. On
PostgreSQL the trail's triggers refuse such writes, so the insider (the tables' owner)
first disables them — inside the test's transaction, which rolls that back too."""

from django.db import connection

# The audit trail's TRUNCATE triggers (core migration 0006), by table. The test database
# keeps them off so that transactional tests can be flushed (tests/conftest.py).
AUDIT_TRUNCATE_TRIGGERS = {"core_auditevent": "thidua_audit_event_no_truncate", "core_audithead": "thidua_audit_head_no_truncate"}


def tamper(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Check the deferred foreign keys of the rows this test made now: ALTER TABLE
            # refuses to run while such checks are pending in the transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE core_audithead DISABLE TRIGGER USER")
        cursor.execute(sql, params)
