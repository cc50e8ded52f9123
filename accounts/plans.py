"""Plans: which plan a user is on, and the limits it sets (read by uploads, submission, LLM usage)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from accounts.models import Plan, PlanAssignment


def user_plan(*, owner: AbstractBaseUser) -> Plan:
    """The user's plan: the one an operator assigned, else the site's default plan."""
    assignment = PlanAssignment.objects.select_related("plan").filter(user_id=owner.pk).first()
    if assignment is not None:
        return assignment.plan
    plan = Plan.objects.filter(name=settings.DEFAULT_PLAN).first()
    if plan is None:  # no plans seeded: the settings' limits stand in
        plan = Plan(
            name="default",
            label="Default",
            files_per_batch=settings.BATCH_MAX_FILES,
            bytes_per_file=settings.BATCH_MAX_FILE_BYTES,
            batches_in_flight=10**6,
            documents_per_month=10**9,
            jobs_in_flight=settings.QUEUE_MAX_IN_FLIGHT_PER_USER,
        )  # (storage and open uploads: the model's defaults)
    return plan


def plan_limits(*, owner: AbstractBaseUser) -> dict[str, int]:
    """The limits that apply to a user, never above the site-wide ceilings in settings."""
    plan = user_plan(owner=owner)
    return {
        "plan": plan.label,
        "files_per_batch": min(plan.files_per_batch, settings.BATCH_MAX_FILES),
        "bytes_per_file": min(plan.bytes_per_file, settings.BATCH_MAX_FILE_BYTES),
        "batches_in_flight": plan.batches_in_flight,
        "documents_per_month": plan.documents_per_month,
        "jobs_in_flight": plan.jobs_in_flight,
        "storage_bytes": plan.storage_bytes,
        "open_uploads": plan.open_uploads,
        "story_files_per_batch": plan.story_files_per_batch,
        "story_bytes_per_file": plan.story_bytes_per_file,
    }
