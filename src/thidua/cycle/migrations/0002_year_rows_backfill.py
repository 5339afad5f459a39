"""Every year gets its rules row (the defaults), which reads used to create on first
read: since the rows are made with the year (org.signals.year_created), reading never
writes. Rows made here are not audited (a migration has no actor and no audit key); the
defaults they hold are what reading answered before."""

from django.db import migrations


def backfill(apps, schema_editor):
    ClusterYear = apps.get_model("org", "ClusterYear")
    YearSettings = apps.get_model("cycle", "YearSettings")
    missing = ClusterYear.objects.exclude(pk__in=YearSettings.objects.values("cluster_year_id")).values_list("pk", flat=True)
    YearSettings.objects.bulk_create([YearSettings(cluster_year_id=pk) for pk in missing.iterator()], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial"), ("org", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
