from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jiangxin.audit"
    verbose_name = _("审计")

    def ready(self):
        from jiangxin.audit import checks, receivers  # noqa: F401
