"""The third-party apps under Chinese names in the Django admin (their own AppConfigs name them
in English); their models' names come from ``locale/zh_Hans`` at the checkout's root."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录锁定")


class TasksConfig(TasksAppConfig):
    verbose_name = _("后台任务")


class AdminConfig(DjangoAdminConfig):
    """The Django admin with its site gated by the platform duties (三员分立) and audited."""

    default_site = "jiangxin.accounts.admin_site.JiangxinAdminSite"
