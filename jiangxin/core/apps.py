from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jiangxin.core"
    verbose_name = _("公共")

    def ready(self):
        from django.utils.translation import gettext

        from jiangxin.core import checks, i18n, lookups, uploads  # noqa: F401

        i18n.install(gettext)
        lookups.register()
