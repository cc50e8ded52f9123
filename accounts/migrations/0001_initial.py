
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("plan", "planassignment", "apitoken", "webhookendpoint")


def content_types_follow(apps, schema_editor, source="batches", target="accounts"):
    """The moved models' content types change app: their permissions (and who holds them) and
    the admin's log entries follow. On a new database there are none yet (made after migrate)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="accounts", target="batches")


class Migration(migrations.Migration):
    """Plans, API tokens and webhooks move from batches to accounts: their tables stay (``db_table``),
    only Django's state changes here (``batches.0019`` drops them from batches' state)."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # the tables were made by batches' migrations; this app takes the models over from there
        ("batches", "0018_plan_story_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Plan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.SlugField(max_length=32, unique=True)),
                        ('label', models.CharField(max_length=64)),
                        ('files_per_batch', models.PositiveIntegerField(default=100)),
                        ('bytes_per_file', models.BigIntegerField(default=20971520)),
                        ('batches_in_flight', models.PositiveIntegerField(default=3, help_text='Queued, running or paused at once.')),
                        ('documents_per_month', models.PositiveIntegerField(default=1000)),
                        ('jobs_in_flight', models.PositiveIntegerField(default=4, help_text='Broker messages queued or running at once (one large document, or up to half a second of small ones each).')),
                        ('storage_bytes', models.BigIntegerField(default=21474836480, help_text='Bytes of uploaded files a user may hold at once: stored files plus the declared sizes of open resumable uploads.')),
                        ('open_uploads', models.PositiveIntegerField(default=16, help_text='Resumable uploads open at once.')),
                        ('llm_engine', models.BooleanField(default=False, help_text="May run extraction and generation on the LLM engine (openai), which spends the operator's API key. Without it a batch runs on the builtin engine.")),
                        ('story_files_per_batch', models.PositiveIntegerField(default=10, help_text='Text documents (.txt, .docx) a generate batch writes stories from.')),
                        ('story_bytes_per_file', models.BigIntegerField(default=10485760, help_text='The size of each text document a story is written from.')),
                        ('llm_tokens_per_month', models.BigIntegerField(default=1000000, help_text="LLM tokens (prompt and completion) a user may spend in a calendar month; past it, extraction keeps builtin's values and says so.")),
                    ],
                    options={
                        'db_table': 'batches_plan',
                        'ordering': ['files_per_batch'],
                    },
                ),
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=100)),
                        ('prefix', models.CharField(db_index=True, max_length=12)),
                        ('key_hash', models.CharField(max_length=64, unique=True)),
                        ('last_used_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_apitoken',
                    },
                ),
                migrations.CreateModel(
                    name='PlanAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='accounts.plan')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='plan_assignment', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_planassignment',
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('url', models.URLField(max_length=500)),
                        ('secret', models.CharField(max_length=64)),
                        ('active', models.BooleanField(default=True)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='webhook', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_webhookendpoint',
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
