from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "jiangxin.workers"
    verbose_name = _("职工名册")

    def ready(self):
        from jiangxin.accounts.access import register_reach_source
        from jiangxin.workers.reach import bound_record

        register_reach_source(bound_record)
