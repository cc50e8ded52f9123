from __future__ import annotations

from django.db import migrations, models

# The seeded plan with the LLM engine gets a larger monthly token budget than the default.
BUDGETS = {"growth": 5_000_000}


def seed_budgets(apps, schema_editor):
    Plan = apps.get_model("batches", "Plan")
    for name, tokens in BUDGETS.items():
        Plan.objects.filter(name=name).update(llm_tokens_per_month=tokens)


class Migration(migrations.Migration):
    dependencies = [
        ("batches", "0013_document_status_without_skipped"),
    ]

    operations = [
        migrations.AddField(
            model_name="batch",
            name="llm_prompt_tokens",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="batch",
            name="llm_completion_tokens",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="batch",
            name="llm_cost_micro_usd",
            field=models.BigIntegerField(default=0, help_text="Millionths of a US dollar."),
        ),
        migrations.AddField(
            model_name="dailystats",
            name="llm_cost_micro_usd",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="plan",
            name="llm_tokens_per_month",
            field=models.BigIntegerField(
                default=1_000_000,
                help_text="LLM tokens (prompt and completion) a user may spend in a calendar month; past it, "
                "extraction keeps builtin's values and says so.",
            ),
        ),
        migrations.RunPython(seed_budgets, migrations.RunPython.noop),
    ]
