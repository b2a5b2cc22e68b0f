from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "jiangxin.privacy"
    verbose_name = _("个人信息保护")

    def ready(self):
        from jiangxin.accounts.access import register_reach_source
        from jiangxin.privacy import notice  # noqa: F401  (registers its system check)
        from jiangxin.privacy.reach import accepted_notices

        register_reach_source(accepted_notices)
