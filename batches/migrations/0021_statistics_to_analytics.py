
from django.db import migrations


class Migration(migrations.Migration):
    """The statistics (daily, durations, batches per day, the rollup's state and dirty days) now
    belong to analytics (``analytics.0001``): batches forgets them in its state only; their tables
    and rows stay as they are."""

    dependencies = [
        ('batches', '0020_upload_sessions_to_uploads'),
        ('analytics', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='batchdaystats',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='dailystats',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='durationstats',
                    name='owner',
                ),
                migrations.DeleteModel(
                    name='StatsDirtyDay',
                ),
                migrations.DeleteModel(
                    name='StatsState',
                ),
                migrations.DeleteModel(
                    name='BatchDayStats',
                ),
                migrations.DeleteModel(
                    name='DailyStats',
                ),
                migrations.DeleteModel(
                    name='DurationStats',
                ),
            ],
        ),
    ]
