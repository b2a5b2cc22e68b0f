from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "jiangxin.dashboards"
    verbose_name = _("工作台")
