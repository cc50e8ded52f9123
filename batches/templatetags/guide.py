"""``{% help_panel "batch" %}``: the help panel with the signed-in user's plan limits, for pages
whose views do not pass them (the wizard passes its own)."""

from __future__ import annotations

from django import template

from accounts.plans import plan_limits
from batches.forms import PROMPT_MAX_CHARS

register = template.Library()


@register.inclusion_tag("batches/help/_panel.html", takes_context=True)
def help_panel(context, topic: str) -> dict:
    user = context["request"].user
    limits = plan_limits(owner=user) if user.is_authenticated else {}
    return {"topic": topic, "limits": limits, "prompt_max_chars": PROMPT_MAX_CHARS}
