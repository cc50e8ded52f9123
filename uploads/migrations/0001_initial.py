
import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

MOVED = ('uploadsession',)


def content_types_follow(apps, schema_editor, source="batches", target="uploads"):
    """The moved models' content types change app: their permissions (and who holds them) and
    the admin's log entries follow. On a new database there are none yet (made after migrate)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="uploads", target="batches")


class Migration(migrations.Migration):
    """Upload sessions move from batches to uploads: the tables stay (``db_table``), only Django's
    state changes here (``batches.0020_upload_sessions_to_uploads`` drops them from batches' state)."""

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # the table was made by batches' migrations; this app takes the model over from there
        ("batches", "0019_plans_tokens_webhooks_to_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='UploadSession',
                    fields=[
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('name', models.CharField(max_length=1024)),
                        ('size', models.BigIntegerField()),
                        ('sha256', models.CharField(blank=True, help_text='Expected digest of the whole file, if given.', max_length=64)),
                        ('received', models.BigIntegerField(default=0, help_text='Bytes received without a gap from the start.')),
                        ('ranges', models.JSONField(blank=True, default=list, help_text='Byte ranges [start, end) received, merged.')),
                        ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='upload_sessions', to='batches.batch')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='upload_sessions', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'batches_uploadsession',
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
