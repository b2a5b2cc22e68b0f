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

# --- naming batches (views_batches, views_naming) ---------------------------------------------
from jiangxin.innovation import views_batches, views_naming  # noqa: E402

urlpatterns += [
    path("innovation/batches/", views_batches.batch_list, name="batch_list"),
    path("innovation/batches/new/", views_batches.batch_new, name="batch_new"),
    path("innovation/batches/<int:pk>/", views_batches.batch_detail, name="batch_detail"),
    path(
        "innovation/batches/<int:pk>/apply/",
        views_batches.application_new,
        name="application_new",
    ),
    path(
        "innovation/batches/<int:pk>/publicity/",
        views_naming.batch_publicity,
        name="batch_publicity",
    ),
    path(
        "innovation/applications/<int:pk>/",
        views_batches.application_detail,
        name="application_detail",
    ),
    path(
        "innovation/applications/<int:pk>/files/<int:file_pk>/",
        views_batches.application_file,
        name="application_file",
    ),
    path(
        "innovation/applications/<int:pk>/endorse/",
        views_batches.application_endorse,
        name="application_endorse",
    ),
    path(
        "innovation/applications/<int:pk>/score/",
        views_batches.application_score,
        name="application_score",
    ),
    path(
        "innovation/applications/<int:pk>/decide/",
        views_batches.application_decide,
        name="application_decide",
    ),
    path(
        "innovation/applications/<int:pk>/name/",
        views_naming.application_name,
        name="application_name",
    ),
    path(
        "innovation/applications/<int:pk>/objections/new/",
        views_naming.objection_new,
        name="objection_new",
    ),
    path(
        "innovation/objections/<int:pk>/answer/",
        views_naming.objection_answer,
        name="objection_answer",
    ),
    path(
        "innovation/naming-certificates/<int:pk>.pdf",
        views_naming.naming_certificate,
        name="naming_certificate",
    ),
    path("innovation/publicity/", views_naming.publicity, name="studio_publicity"),
]
