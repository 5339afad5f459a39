from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_rechain_keyed'),
    ]

    operations = [
        migrations.AlterField(
            model_name='audithead',
            name='chain',
            field=models.CharField(max_length=40, unique=True),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(fields=('chain', 'seq'), name='core_auditevent_chain_seq'),
        ),
    ]
