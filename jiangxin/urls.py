from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext as _

from jiangxin.api import api
from jiangxin.core import verify_views
from jiangxin.core.urls import exempt_from_login
from jiangxin.dashboards import views as dashboard_views

admin.site.site_header = _("匠心 · 系统管理")
admin.site.site_title = _("匠心")
admin.site.index_title = _("数据管理")

handler400 = "jiangxin.core.error_pages.bad_request"
handler403 = "jiangxin.core.error_pages.permission_denied"
handler404 = "jiangxin.core.error_pages.page_not_found"
handler500 = "jiangxin.core.error_pages.server_error"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("", include("jiangxin.ops.urls")),  # /healthz, /readyz
    path("accounts/", include("jiangxin.accounts.urls")),
    path("", include("jiangxin.organisations.urls")),
    path("", include("jiangxin.workers.urls")),
    path("", include("jiangxin.audit.urls")),
    path("", include("jiangxin.competitions.urls")),
    path("", include("jiangxin.exams.urls")),
    path("", include("jiangxin.mentoring.urls")),
    path("", include("jiangxin.innovation.urls")),
    path("", include("jiangxin.privacy.urls")),
    # the public check of every certificate the platform issues (core.verification)
    path("verify/", verify_views.verify, name="certificate_verify_form"),
    path("verify/<str:code>/", verify_views.verify, name="certificate_verify"),
    path("api/v1/", exempt_from_login(api.urls)),
    path("admin/", admin.site.urls),
]
