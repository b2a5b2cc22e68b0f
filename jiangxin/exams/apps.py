from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "jiangxin.exams"
    verbose_name = _("题库与考试")
