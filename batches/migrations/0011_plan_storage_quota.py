from __future__ import annotations

from django.db import migrations, models

GB = 1024**3
# name: (storage bytes, open resumable uploads); about ten full batches of each plan's largest files
QUOTAS = {"starter": (2 * GB, 8), "plus": (20 * GB, 16), "growth": (500 * GB, 32)}


def set_quotas(apps, schema_editor):
    Plan = apps.get_model("batches", "Plan")
    for name, (storage, uploads) in QUOTAS.items():
        Plan.objects.filter(name=name).update(storage_bytes=storage, open_uploads=uploads)


class Migration(migrations.Migration):
    dependencies = [
        ("batches", "0010_upload_ranges"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="open_uploads",
            field=models.PositiveIntegerField(default=16, help_text="Resumable uploads open at once."),
        ),
        migrations.AddField(
            model_name="plan",
            name="storage_bytes",
            field=models.BigIntegerField(
                default=20 * GB,
                help_text="Bytes of uploaded files a user may hold at once: stored files plus the declared "
                "sizes of open resumable uploads.",
            ),
        ),
        migrations.RunPython(set_quotas, migrations.RunPython.noop),
    ]
