"""API tokens moved from DRF's authtoken (kept in clear, never expiring) to
django-rest-knox (hashed, expiring; its own migrations make its table).

The old tokens are not carried over — knox cannot hash a token it was not given at
issue, and a token kept in clear is the problem being fixed — so their table is dropped
and clients sign in again (POST /api/v1/auth/token/). On a new database there is nothing
to drop."""

from django.db import migrations


def drop_authtoken(apps, schema_editor):
    cascade = " CASCADE" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute("DROP TABLE IF EXISTS authtoken_token" + cascade)
    # So that re-adding rest_framework.authtoken one day would make its table again.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [migrations.RunPython(drop_authtoken, migrations.RunPython.noop, elidable=True)]
