"""Sessions against the account: a session opened under an older ``session_generation`` is
ended (grant or platform role taken away), and while the second factor is owed after the
password (``twofactor.PENDING``) only the verify or enrolment page, logout and static files
answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from jiangxin.accounts import twofactor


class SessionGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            if session.get(twofactor.GENERATION, 0) != user.session_generation:
                logout(request)
                return redirect_to_login(request.get_full_path())
            pending = session.get(twofactor.PENDING)
            if pending:
                target = reverse("two_factor_verify" if pending == "verify" else "two_factor_enrol")
                allowed = (target, reverse("logout"))
                if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                    return redirect(target)
        return self.get_response(request)
