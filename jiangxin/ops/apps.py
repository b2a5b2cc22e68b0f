import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "jiangxin.ops"
    verbose_name = _("运维")

    def ready(self):
        from django.conf import settings

        # Python's warnings go through logging too, so a JSON log stays JSON on every line.
        if settings.LOG_FORMAT == "json":
            logging.captureWarnings(True)
