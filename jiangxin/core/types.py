"""Types the views share. ``AuthedRequest`` is the request of a page behind the login:
``LoginRequiredMiddleware`` lets no anonymous visitor reach such a view, so its ``user`` is a
``User`` (``by=request.user`` type-checks). Public views (``@login_not_required``) keep
``HttpRequest``, whose user may be anonymous."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User
