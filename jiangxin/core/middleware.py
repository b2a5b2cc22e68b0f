import time

from django.conf import settings
from django.contrib.auth import logout

API_PREFIX = "/api/"  # the django-ninja API (jiangxin/urls.py) answers its own 405s


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


class MethodNotAllowedPageMiddleware:
    """A person who opens a POST-only address (a bookmarked form action, a reload after a
    redirect) gets the Chinese 405 page in the layout instead of a blank one. Views *return*
    ``HttpResponseNotAllowed`` (``require_POST``), so no handler404-style hook sees it: the
    response is replaced here. The API keeps its own answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith(API_PREFIX):
            return response
        from jiangxin.core.error_pages import method_not_allowed

        page = method_not_allowed(request)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (``settings.PERMISSIONS_POLICY``): the camera,
    microphone, location and the like are off for our pages and anything they embed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
