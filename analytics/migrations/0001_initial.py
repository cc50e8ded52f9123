
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ('dailystats', 'durationstats', 'batchdaystats', 'statsstate', 'statsdirtyday')


def content_types_follow(apps, schema_editor, source="batches", target="analytics"):
    """The moved models' content types change app: their permissions (and who holds them) and
    the admin's log entries follow. On a new database there are none yet (made after migrate)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="analytics", target="batches")


class Migration(migrations.Migration):
    """The statistics (daily, durations, batches per day, the rollup's state and dirty days) move
    from batches to analytics: the tables stay (``db_table``), only Django's state changes here
    (``batches.0021_statistics_to_analytics`` drops them from batches' state)."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # the table was made by batches' migrations; this app takes the model over from there
        ("batches", "0020_upload_sessions_to_uploads"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StatsDirtyDay',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(unique=True)),
                    ],
                    options={
                        'db_table': 'batches_statsdirtyday',
                    },
                ),
                migrations.CreateModel(
                    name='StatsState',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('computed_until', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'db_table': 'batches_statsstate',
                    },
                ),
                migrations.CreateModel(
                    name='BatchDayStats',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('batch_id', models.UUIDField()),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_batchdaystats',
                        'indexes': [models.Index(fields=['owner', 'day'], name='batchdaystats_owner_day_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='DailyStats',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('processor', models.CharField(max_length=32)),
                        ('document_type', models.CharField(blank=True, max_length=32)),
                        ('status', models.CharField(max_length=16)),
                        ('error_code', models.CharField(blank=True, max_length=64)),
                        ('content_type', models.CharField(blank=True, max_length=128)),
                        ('engine', models.CharField(blank=True, max_length=32)),
                        ('documents', models.PositiveIntegerField(default=0)),
                        ('pages', models.BigIntegerField(default=0)),
                        ('prompt_tokens', models.BigIntegerField(default=0)),
                        ('completion_tokens', models.BigIntegerField(default=0)),
                        ('llm_cost_micro_usd', models.BigIntegerField(default=0)),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_dailystats',
                        'indexes': [models.Index(fields=['owner', 'day'], name='dailystats_owner_day_idx'), models.Index(fields=['day'], name='dailystats_day_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='DurationStats',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('processor', models.CharField(max_length=32)),
                        ('document_type', models.CharField(blank=True, max_length=32)),
                        ('status', models.CharField(max_length=16)),
                        ('counts', models.JSONField(default=dict)),
                        ('wait_counts', models.JSONField(default=dict, help_text='The same histogram of waits in the queue.')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_durationstats',
                        'indexes': [models.Index(fields=['owner', 'day'], name='durationstats_owner_day_idx'), models.Index(fields=['day'], name='durationstats_day_idx')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
