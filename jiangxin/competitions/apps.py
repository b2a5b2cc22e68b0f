from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "jiangxin.competitions"
    verbose_name = _("技能竞赛")

    def ready(self):
        from jiangxin.accounts.access import register_reach_source
        from jiangxin.competitions.reach import judging
        from jiangxin.competitions.verification import certificate_document
        from jiangxin.core.verification import register_lookup

        register_reach_source(judging)
        register_lookup("competitions.certificate", certificate_document)
