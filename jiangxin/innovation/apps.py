from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationConfig(AppConfig):
    name = "jiangxin.innovation"
    verbose_name = _("创新工作室")

    def ready(self):
        from jiangxin.accounts.access import register_reach_source
        from jiangxin.core.verification import register_lookup
        from jiangxin.innovation.certificates import naming_document
        from jiangxin.innovation.reach import studio_expert, studio_team

        register_reach_source(studio_expert)
        register_reach_source(studio_team)
        register_lookup("innovation.naming", naming_document)
