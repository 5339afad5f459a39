"""On PostgreSQL, the database itself keeps the trail append-only: the events table
refuses UPDATE, DELETE and TRUNCATE, and the heads table refuses DELETE, TRUNCATE and any
UPDATE that does not move a head forward. Only the tables' owner (or a superuser) can
disable these triggers; what they could then do without the audit secret, verify_audit
detects (docs/decisions/0007). SQLite has no such triggers (its flush deletes rows)."""

from django.db import migrations

INSTALL = """
CREATE FUNCTION thidua_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER thidua_audit_event_no_change BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION thidua_audit_refuse();
CREATE TRIGGER thidua_audit_event_no_truncate BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION thidua_audit_refuse();
CREATE TRIGGER thidua_audit_head_no_delete BEFORE DELETE ON core_audithead
    FOR EACH ROW EXECUTE FUNCTION thidua_audit_refuse();
CREATE TRIGGER thidua_audit_head_no_rewind BEFORE UPDATE ON core_audithead
    FOR EACH ROW WHEN (NEW.seq <= OLD.seq OR NEW.chain IS DISTINCT FROM OLD.chain)
    EXECUTE FUNCTION thidua_audit_refuse();
CREATE TRIGGER thidua_audit_head_no_truncate BEFORE TRUNCATE ON core_audithead
    FOR EACH STATEMENT EXECUTE FUNCTION thidua_audit_refuse();
"""

REMOVE = """
DROP TRIGGER IF EXISTS thidua_audit_event_no_change ON core_auditevent;
DROP TRIGGER IF EXISTS thidua_audit_event_no_truncate ON core_auditevent;
DROP TRIGGER IF EXISTS thidua_audit_head_no_delete ON core_audithead;
DROP TRIGGER IF EXISTS thidua_audit_head_no_rewind ON core_audithead;
DROP TRIGGER IF EXISTS thidua_audit_head_no_truncate ON core_audithead;
DROP FUNCTION IF EXISTS thidua_audit_refuse();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_scoped_chains_constraints'),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
