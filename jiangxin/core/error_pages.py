"""The error pages: Chinese, in the site's layout, with a way back (home, the previous page, and
the login page for anonymous visitors).

400/403/404 and the CSRF failure render with the request, so the header shows who is logged in.
The 500 page renders with no request and no context processors — no database query — and if
even that fails (a broken template or static manifest), a plain Chinese page is returned.
An error from the database being away (``OperationalError``/``InterfaceError``, wherever it is
raised: a view, the session or the login middleware) is not a fault of the code: it gets the
503 "系统繁忙，请稍后再试" page — or, under ``/api/``, a 503 JSON ``{detail}`` — with
``Retry-After``, rendered without the database like the 500 page.
Every page shows the request id (``jiangxin.ops``), which the logs carry, for the user to quote.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils.translation import gettext as _

from jiangxin.core.middleware import API_PREFIX
from jiangxin.ops.logs import current_request_id

logger = logging.getLogger(__name__)
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _render(request: HttpRequest | None, template: str, context: dict, response_class):
    context = {**context, "request_id": current_request_id()}
    try:
        body = loader.get_template(template).render(context, request)
    except Exception:  # the error page must not fail in turn
        logger.exception("error page %s failed to render", template)
        body = _plain_page()
    return response_class(body)


def _plain_page() -> str:
    return (
        '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title}</title><body>"
        '<h1>{title}</h1><p>{text}</p><p><a href="/">{home}</a></p></body></html>'
    ).format(
        title=_("系统出错了"),
        text=_("处理您的请求时系统发生错误，请稍后重试；如反复出现，请联系平台管理员。"),
        home=_("返回首页"),
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A 400 can come from a request Django refuses to trust (a bad Host header): render
    # without it, so nothing in the layout asks the request again.
    return _render(None, "400.html", {}, HttpResponseBadRequest)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A service's PermissionDenied(_("…")) carries a Chinese reason worth showing; a bare
    # PermissionDenied (or one from Django itself) has none.
    message = str(exception) if exception is not None else ""
    return _render(request, "403.html", {"message": message}, HttpResponseForbidden)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Http404's own text is for developers ("No Worker matches the given query."): not shown.
    return _render(request, "404.html", {}, HttpResponseNotFound)


def server_error(request: HttpRequest) -> HttpResponse:
    # handler500 is called while the exception is being handled: sys.exc_info() names it.
    if isinstance(sys.exc_info()[1], DATABASE_AWAY):
        return database_unavailable(request)
    return _render(None, "500.html", {}, HttpResponseServerError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The database does not answer (a restart, a failover, the network): the request may not
    have been carried out; the user is asked to check and try again shortly."""
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse(
            {"detail": _("系统繁忙，请稍后再试。"), "errors": {}}, status=503
        )
    else:
        response = _render(None, "503.html", {}, HttpResponseServiceUnavailable)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a stale page or a lost session, said in Chinese, with the way back."""
    return _render(request, "403_csrf.html", {}, HttpResponseForbidden)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    """A 405 (a POST-only address opened in the browser): said in Chinese, with the way back."""
    return _render(request, "405.html", {}, HttpResponseNotAllowedPage)


class HttpResponseNotAllowedPage(HttpResponse):
    status_code = 405


class HttpResponseServiceUnavailable(HttpResponse):
    status_code = 503
