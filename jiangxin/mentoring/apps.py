from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "jiangxin.mentoring"
    verbose_name = _("名师带高徒")
