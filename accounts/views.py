"""The account page: the signed-in user's API tokens and webhook, and the limits of their plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import WebhookEndpoint
from accounts.plans import plan_limits
from accounts.tokens import api_token_create, api_token_revoke
from accounts.webhooks import webhook_set
from batchsite.errors import ApplicationError


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """API tokens (created, shown once, revoked) and the webhook of the signed-in user."""
    new_key = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create_token":
            _token, new_key = api_token_create(user=request.user, name=request.POST.get("name", "").strip())
            messages.warning(request, "Copy the new token now: it is not shown again.")
        elif action == "revoke_token" and request.POST.get("token_id", "").isdigit():
            api_token_revoke(user=request.user, token_id=int(request.POST["token_id"]))
            messages.success(request, "The token was revoked.")
            return redirect("accounts:account")
        elif action == "webhook":
            try:
                webhook_set(user=request.user, url=request.POST.get("url", "").strip(), active=True)
                messages.success(request, "Webhook saved.")
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": request.user.api_tokens.order_by("-created_at"),
            "new_key": new_key,
            "webhook": WebhookEndpoint.objects.filter(user=request.user).first(),
            "limits": plan_limits(owner=request.user),
        },
    )
