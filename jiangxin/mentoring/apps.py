from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "jiangxin.mentoring"
