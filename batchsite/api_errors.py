"""The JSON API's error body, shared by every app's router: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


# Every operation can answer these: a missing or bad token, an invalid request.
COMMON_ERRORS = {401: ErrorOut, 422: ErrorOut}
