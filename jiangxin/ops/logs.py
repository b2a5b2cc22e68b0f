"""Log lines that can be searched and joined: every record carries the request it was written
for (its id, the user, the method and path), and in production each is one JSON object per line.

No Django import: ``settings.LOGGING`` names these classes, and Django configures logging before
it loads any app. The request is bound to a context variable by
``jiangxin.ops.middleware.RequestIdMiddleware`` for the length of the request (granian runs each
request in its own thread, and a context variable is per thread), so a record written anywhere
during the request — a view, a service, Django's own ``django.request`` — is tagged with it.

Guarantees: a JSON line is exactly one line (newlines in messages and tracebacks are escaped);
reading the user never queries the database (only a user Django has already loaded for this
request is named); the query string is never logged (searches carry names and ID numbers).
"""

import json
import logging
import secrets
from contextvars import ContextVar, Token
from datetime import datetime
from typing import Any

_request: ContextVar[Any] = ContextVar("jiangxin_request", default=None)
_request_id: ContextVar[str | None] = ContextVar("jiangxin_request_id", default=None)

# What RequestContextFilter puts on every record, and JsonFormatter writes besides the basics.
CONTEXT_FIELDS = ("request_id", "user_id", "path", "method")
# Set through ``extra=`` by the access log line.
EXTRA_FIELDS = ("status", "duration_ms")

_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
ID_MIN_LENGTH, ID_MAX_LENGTH = 8, 64


def new_request_id() -> str:
    """16 hex digits (64 random bits): short enough to read out on the phone."""
    return secrets.token_hex(8)


def sane_request_id(value: str | None) -> str | None:
    """An incoming id (a proxy's ``X-Request-ID``) if it is 8–64 letters, digits, ``.``, ``_``
    or ``-``; otherwise None, so nothing a client sends can forge a log line or a page."""
    if value and ID_MIN_LENGTH <= len(value) <= ID_MAX_LENGTH and set(value) <= _ID_CHARS:
        return value
    return None


def bind(request: Any, request_id: str) -> tuple[Token, Token]:
    return _request.set(request), _request_id.set(request_id)


def unbind(tokens: tuple[Token, Token]) -> None:
    _request.reset(tokens[0])
    _request_id.reset(tokens[1])


def current_request_id() -> str | None:
    return _request_id.get()


def user_id_of(request: Any) -> int | None:
    """The id of the user already loaded for this request (Django's session user, cached on
    the request once something asked for it; or the API's token user), else None."""
    if request is None:
        return None
    user = request.__dict__.get("_cached_user") or getattr(request, "auth", None)
    if getattr(user, "is_authenticated", False):
        return getattr(user, "pk", None)
    return None


class RequestContextFilter(logging.Filter):
    """Tags every record with the current request's id, user, path and method (None outside a
    request: a management command, the job worker between jobs). Django's ``django.request``
    lines for a returned 4xx/5xx are written after the middleware has finished; they carry the
    request (and its ``status_code``) themselves, and are tagged from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None) or _request.get()
        values = {
            "request_id": getattr(request, "request_id", None) or _request_id.get(),
            "user_id": user_id_of(request),
            "path": getattr(request, "path", None),
            "method": getattr(request, "method", None),
            "status": getattr(record, "status_code", None),
        }
        for name, value in values.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, local offset, milliseconds), level, logger,
    message, the request's fields, the access line's status and duration, and the traceback
    (``exc``) when there is one. Chinese is written as is, not as ``\\u`` escapes."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created)
            .astimezone()
            .isoformat("T", "milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS + EXTRA_FIELDS:
            entry[name] = getattr(record, name, None)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
