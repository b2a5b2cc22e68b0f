from django.urls import path

from jiangxin.innovation import views

urlpatterns = [
    path("innovation/studios/", views.studio_list, name="studio_list"),
    path("innovation/studios/new/", views.studio_new, name="studio_new"),
    path("innovation/studios/<int:pk>/", views.studio_detail, name="studio_detail"),
    path("innovation/studios/<int:pk>/edit/", views.studio_edit, name="studio_edit"),
    path(
        "innovation/studios/<int:pk>/members/new/",
        views.studio_member_add,
        name="studio_member_add",
    ),
    path(
        "innovation/studios/<int:pk>/members/<int:member_pk>/remove/",
        views.studio_member_remove,
        name="studio_member_remove",
    ),
    path("innovation/showcase/", views.showcase, name="studio_showcase"),
]
