from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiangxin.core"

    def ready(self):
        from django.utils.translation import gettext

        from jiangxin.core import checks, i18n  # noqa: F401

        i18n.install(gettext)
