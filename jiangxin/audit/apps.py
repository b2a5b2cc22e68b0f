from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jiangxin.audit"

    def ready(self):
        from jiangxin.audit import receivers  # noqa: F401
