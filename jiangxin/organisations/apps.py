from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "jiangxin.organisations"
