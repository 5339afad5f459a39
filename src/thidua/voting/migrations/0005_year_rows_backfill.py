"""Every year gets its conference row (empty, with its own check-in code), which reads
used to create on first read: since the rows are made with the year
(org.signals.year_created), reading never writes. Rows made here are not audited (a
migration has no actor and no audit key)."""

import secrets

from django.db import migrations

CODE_DIGITS = 6  # as voting.services.CODE_DIGITS when this migration was written


def backfill(apps, schema_editor):
    ClusterYear = apps.get_model("org", "ClusterYear")
    Conference = apps.get_model("voting", "Conference")
    missing = ClusterYear.objects.exclude(pk__in=Conference.objects.values("cluster_year_id")).values_list("pk", flat=True)
    Conference.objects.bulk_create(
        [
            Conference(cluster_year_id=pk, checkin_code="".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS)))
            for pk in missing.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("voting", "0004_poll_frozen_electorate"), ("org", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
