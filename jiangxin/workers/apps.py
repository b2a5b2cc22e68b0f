from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "jiangxin.workers"
