from django.db import migrations


def forwards(apps, schema_editor):
    from thidua.org.provinces import load_provinces

    load_provinces(apps.get_model("org", "Province"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
