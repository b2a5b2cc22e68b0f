from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "jiangxin.competitions"
