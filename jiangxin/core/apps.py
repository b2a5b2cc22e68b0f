from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiangxin.core"

    def ready(self):
        from jiangxin.core import checks  # noqa: F401
