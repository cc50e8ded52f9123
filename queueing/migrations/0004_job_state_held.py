from __future__ import annotations

from django.db import migrations, models


def hold_jobs_of_paused_batches(apps, schema_editor):
    """Before this state the dispatcher skipped a paused batch's jobs by reading the batch; now
    the pause holds them. Jobs of batches paused before this migration are held here, once."""
    Job = apps.get_model("queueing", "Job")
    Job.objects.filter(batch__status="paused", state__in=("waiting", "queued")).update(
        state="held", enqueued_at=None, message=None
    )


def release_held_jobs(apps, schema_editor):
    Job = apps.get_model("queueing", "Job")
    Job.objects.filter(state="held").update(state="waiting")


class Migration(migrations.Migration):
    dependencies = [
        ("queueing", "0003_job_kinds_registered"),
    ]

    operations = [
        migrations.AlterField(
            model_name="job",
            name="state",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting"),
                    ("held", "On hold"),
                    ("queued", "Queued"),
                    ("running", "Running"),
                    ("succeeded", "Succeeded"),
                    ("failed", "Failed"),
                    ("cancelled", "Cancelled"),
                ],
                default="waiting",
                max_length=12,
            ),
        ),
        migrations.RunPython(hold_jobs_of_paused_batches, release_held_jobs),
    ]
