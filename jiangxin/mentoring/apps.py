from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "jiangxin.mentoring"
    verbose_name = _("名师带高徒")

    def ready(self):
        from jiangxin.accounts.access import register_reach_source
        from jiangxin.mentoring.reach import pairs

        register_reach_source(pairs)
