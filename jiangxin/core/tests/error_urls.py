"""The project's URLconf plus views that fail on purpose, for the error-page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from jiangxin.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def fails(request):
    raise RuntimeError("a fault the user must not see")


@login_not_required
def refuses(request):
    raise PermissionDenied("只有主办单位的管理员可以抽签。")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/403/", refuses),
    path("test-errors/400/", suspicious),
    *urlpatterns,
]
