from django.db import migrations


class Migration(migrations.Migration):
    """Plans, API tokens and webhooks now belong to accounts (``accounts.0001``): batches forgets
    them in its state only; their tables and rows stay as they are."""

    dependencies = [
        ("batches", "0018_plan_story_limits"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PlanAssignment"),
                migrations.DeleteModel(name="Plan"),
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="WebhookEndpoint"),
            ],
        ),
    ]
