from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiangxin.accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from jiangxin.accounts import checks, twofactor  # noqa: F401

        user_logged_in.connect(twofactor.on_login, dispatch_uid="jiangxin.twofactor.on_login")
