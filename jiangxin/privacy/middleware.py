from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

# What an account that has not accepted the current notice may still open: the notice itself,
# logging out, and its own data — seeing, downloading and correcting it is a right that does not
# wait for consent (PIPL art. 44–46).
OPEN_BEFORE_CONSENT = {
    "privacy_notice",
    "privacy_accept",
    "logout",
    "my_data",
    "my_data_xlsx",
    "my_data_json",
    "correction_new",
    "worker_unmask",
    "reauth",  # the password again before a download of their own data
}


class NoticeMiddleware:
    """Sends an account that must accept the personal-information notice and has not accepted
    its current version (``privacy.policies.asks_for_notice``) to the notice page, from any page
    it opens.

    Only page loads are sent there: a form post or an HTMX request (an exam answer being saved,
    a paper handed in at the deadline) goes through, so a new version published mid-task loses
    nobody's work; the next page asks. The accepted versions come with the user's reach (one
    query per request, made for the menu and the access checks anyway): no query of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_ask(request):
            target = reverse("privacy_notice") + "?next=" + quote(request.get_full_path())
            return redirect(target)
        return self.get_response(request)

    def _must_ask(self, request) -> bool:
        from jiangxin.privacy import policies

        if (
            not request.user.is_authenticated
            or request.method != "GET"
            or request.headers.get("HX-Request")
            or request.path.startswith(("/api/", "/admin/"))
            or not policies.asks_for_notice(request.user)
        ):
            return False
        try:
            return resolve(request.path_info).url_name not in OPEN_BEFORE_CONSENT
        except Resolver404:
            return False
