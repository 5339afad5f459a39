"""The PostgreSQL backend of the test settings. It differs from Django's in one thing: a
flush (how transactional tests empty the database between tests) lifts the audit trail's
TRUNCATE triggers for that one statement, inside the flush's own transaction, so no other
connection ever sees them off. Production uses Django's backend, where the triggers always
hold and `manage.py flush` is refused (core migration 0006)."""

from django.db.backends.postgresql import base

# The tables of core migration 0006 and the triggers that refuse TRUNCATE on them.
TRUNCATE_TRIGGERS = {
    "core_auditevent": "thidua_audit_event_no_truncate",
    "core_audithead": "thidua_audit_head_no_truncate",
}


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        guarded = [(table, trigger) for table, trigger in TRUNCATE_TRIGGERS.items() if table in tables]
        if not sql or not guarded:
            return sql
        disable = [f"ALTER TABLE {self.quote_name(t)} DISABLE TRIGGER {self.quote_name(g)};" for t, g in guarded]
        enable = [f"ALTER TABLE {self.quote_name(t)} ENABLE TRIGGER {self.quote_name(g)};" for t, g in guarded]
        return disable + sql + enable


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
