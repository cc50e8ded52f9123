"""The JSON API (``/api/v1/``): token authentication, consistent error bodies, OpenAPI.

Authenticate with ``Authorization: Bearer <token>`` (create tokens in the admin or with
``manage.py create_api_token``). Errors are ``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from accounts.tokens import api_token_user
from batches.api import router as batches_router
from batchsite.errors import ApplicationError
from batchsite.ratelimits import RateLimited
from exports.api import router as exports_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(key=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Batchsite API",
    version="1",
    description="Batch document processing: create batches, follow them, fetch results, export.",
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/", batches_router)
api.add_router("/", exports_router)

STATUS_FOR_CODE = {
    "not_found": 404,
    "expired": 410,
    "gone": 410,
    "not_ready": 409,
    "forbidden": 403,
    "engine_not_allowed": 403,  # the plan does not include it
    "engine_not_configured": 409,  # the site has no endpoint for it
    "batch_running": 409,  # documents are deleted once the batch has ended
}


def _error(request: HttpRequest, status: int, code: str, message: str, **extra):
    return api.create_response(request, {"error": {"code": code, "message": message, **extra}}, status=status)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError):
    return _error(request, STATUS_FOR_CODE.get(exc.code, 400), exc.code, exc.message)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited):
    response = _error(request, 429, "rate_limited", str(exc), retry_after=exc.wait)
    response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError):
    return _error(request, 401, "unauthorized", "Send a valid API token: Authorization: Bearer <token>.")


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    return _error(request, 422, "invalid_request", "The request is not valid.", details=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))
