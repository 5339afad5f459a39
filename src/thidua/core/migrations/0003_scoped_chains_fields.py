"""Scoped, keyed chains (docs/decisions/0007): each event gets its chain and key id, its
`seq` becomes a number within its chain, and each chain gets its own sealed head row.
The existing events are re-chained by the next migration."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='auditevent',
            options={'ordering': ['-id'], 'verbose_name': 'sự kiện nhật ký', 'verbose_name_plural': 'nhật ký thay đổi'},
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(verbose_name='số thứ tự trong chuỗi'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.CharField(default='global', max_length=40, verbose_name='chuỗi'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(default='', max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='audithead',
            name='chain',
            field=models.CharField(default='global', max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='audithead',
            name='key_id',
            field=models.CharField(default='', max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='audithead',
            name='seal',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
    ]
