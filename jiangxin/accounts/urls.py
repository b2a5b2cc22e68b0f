from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from jiangxin.accounts import role_views, views

urlpatterns = [
    path("login/", login_not_required(views.JiangxinLoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/status/", views.registration_status, name="registration_status"),
    path("registrations/", views.registration_list, name="registration_list"),
    path(
        "registrations/<int:pk>/approve/", views.registration_approve, name="registration_approve"
    ),
    path("registrations/<int:pk>/reject/", views.registration_reject, name="registration_reject"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/delete/", views.token_delete, name="token_delete"),
    path("platform-roles/", role_views.platform_role_list, name="platform_role_list"),
    path("platform-roles/new/", role_views.platform_role_assign, name="platform_role_assign"),
    path(
        "platform-roles/<int:pk>/revoke/",
        role_views.platform_role_revoke,
        name="platform_role_revoke",
    ),
]
