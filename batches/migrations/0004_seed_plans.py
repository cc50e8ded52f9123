from __future__ import annotations

from django.db import migrations

MB = 1024 * 1024
PLANS = [
    # name, label, files per batch, bytes per file, batches in flight, documents per month, jobs in flight
    ("starter", "Starter", 100, 20 * MB, 3, 2_000, 4),
    ("plus", "Plus", 1_000, 50 * MB, 10, 20_000, 8),
    ("growth", "Growth", 10_000, 200 * MB, 50, 500_000, 16),
]


def seed(apps, schema_editor):
    Plan = apps.get_model("batches", "Plan")
    for name, label, files, size, batches, monthly, jobs in PLANS:
        Plan.objects.update_or_create(
            name=name,
            defaults={
                "label": label,
                "files_per_batch": files,
                "bytes_per_file": size,
                "batches_in_flight": batches,
                "documents_per_month": monthly,
                "jobs_in_flight": jobs,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("batches", "0003_plans")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
