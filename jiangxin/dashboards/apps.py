from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "jiangxin.dashboards"
