from __future__ import annotations

from django.db import migrations, models

# The seeded plans that include the LLM engine (which spends the operator's API key).
LLM_PLANS = ("growth",)


def allow_llm(apps, schema_editor):
    Plan = apps.get_model("batches", "Plan")
    Plan.objects.filter(name__in=LLM_PLANS).update(llm_engine=True)


class Migration(migrations.Migration):
    dependencies = [
        ("batches", "0011_plan_storage_quota"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="llm_engine",
            field=models.BooleanField(
                default=False,
                help_text="May run extraction and generation on the LLM engine (openai), which spends the "
                "operator's API key. Without it a batch runs on the builtin engine.",
            ),
        ),
        migrations.RunPython(allow_llm, migrations.RunPython.noop),
    ]
