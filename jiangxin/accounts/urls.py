from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from jiangxin.accounts import (
    account_views,
    reset_views,
    role_views,
    twofactor_views,
    user_admin_views,
    views,
)

urlpatterns = [
    path("login/", login_not_required(views.JiangxinLoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/verify/", twofactor_views.verify, name="two_factor_verify"),
    path("2fa/enrol/", twofactor_views.enrol, name="two_factor_enrol"),
    path("2fa/recovery-codes/", twofactor_views.recovery_codes, name="two_factor_recovery"),
    path("reauth/", twofactor_views.reauth, name="reauth"),
    path("me/", account_views.my_account, name="my_account"),
    path("me/password/", account_views.password_change, name="password_change"),
    path("me/2fa/remove/", account_views.two_factor_remove, name="two_factor_remove"),
    path("users/<int:pk>/reset-link/", reset_views.reset_link, name="password_reset_link"),
    path(
        "reset/<str:uidb64>/<str:token>/",
        reset_views.reset_confirm,
        name="password_reset_confirm",
    ),
    path("register/", views.register, name="register"),
    path("register/status/", views.registration_status, name="registration_status"),
    path("registrations/", views.registration_list, name="registration_list"),
    path(
        "registrations/<int:pk>/approve/", views.registration_approve, name="registration_approve"
    ),
    path("registrations/<int:pk>/reject/", views.registration_reject, name="registration_reject"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/delete/", views.token_delete, name="token_delete"),
    # 账号与授权: the security administrator's account pages.
    path("users/", user_admin_views.account_list, name="account_list"),
    path("users/new/", user_admin_views.account_new, name="account_new"),
    path("users/<int:pk>/", user_admin_views.account_detail, name="account_detail"),
    path("users/<int:pk>/grants/new/", user_admin_views.account_grant, name="account_grant"),
    path(
        "users/<int:pk>/grants/<int:grant_pk>/role/",
        user_admin_views.grant_role_change,
        name="grant_role_change",
    ),
    path(
        "users/<int:pk>/grants/<int:grant_pk>/revoke/",
        user_admin_views.grant_revoke,
        name="grant_revoke",
    ),
    path(
        "users/<int:pk>/deactivate/", user_admin_views.account_deactivate, name="account_deactivate"
    ),
    path(
        "users/<int:pk>/reactivate/", user_admin_views.account_reactivate, name="account_reactivate"
    ),
    path("users/<int:pk>/unlock/", user_admin_views.account_unlock, name="account_unlock"),
    path("platform-roles/", role_views.platform_role_list, name="platform_role_list"),
    path("platform-roles/new/", role_views.platform_role_assign, name="platform_role_assign"),
    path(
        "platform-roles/<int:pk>/revoke/",
        role_views.platform_role_revoke,
        name="platform_role_revoke",
    ),
]
