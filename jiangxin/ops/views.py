"""Probes for load balancers and supervisors, open to anyone and cheap: no session, no user."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from jiangxin.ops.readiness import OK, run_checks


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering; never touches the database."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, the migrations are applied and a job worker is alive;
    otherwise 503, the body naming what failed: ``{"status": "fail", "failed": [...],
    "checks": {"database": ..., "migrations": ..., "worker": ...}}``."""
    checks = run_checks()
    failed = [name for name, state in checks.items() if state != OK]
    body = {"status": "fail" if failed else OK, "failed": failed, "checks": checks}
    response = JsonResponse(body, status=503 if failed else 200)
    # A probe every few seconds while the worker is down would add an ERROR line each time
    # (Django logs every 5xx); the access line already records the 503.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
