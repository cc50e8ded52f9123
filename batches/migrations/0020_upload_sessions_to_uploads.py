
from django.db import migrations


class Migration(migrations.Migration):
    """Upload sessions now belong to uploads (``uploads.0001``): batches forgets them in its state only;
    their tables and rows stay as they are."""

    dependencies = [
        ('batches', '0019_plans_tokens_webhooks_to_accounts'),
        ('uploads', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='UploadSession',
                ),
            ],
        ),
    ]
