import time

from django.conf import settings
from django.contrib.auth import logout


class IdleTimeoutMiddleware:
    """End a session that has been idle for ``SESSION_IDLE_MINUTES``.

    The session records when it was last active, refreshed at most once a minute, so a
    busy page does not rewrite the session row on every request.
    """

    KEY = "_last_active"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY, now)
            if now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif now - last >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)
