from django.urls import path

from jiangxin.innovation import views, views_record

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
    # the living record and the assessment (views_record)
    path(
        "innovation/studios/<int:pk>/reports/new/",
        views_record.studio_report_new,
        name="studio_report_new",
    ),
    path(
        "innovation/studios/<int:pk>/reports/<int:report_pk>/",
        views_record.studio_report_detail,
        name="studio_report_detail",
    ),
    path(
        "innovation/studios/<int:pk>/reports/<int:report_pk>/edit/",
        views_record.studio_report_edit,
        name="studio_report_edit",
    ),
    path(
        "innovation/studios/<int:pk>/reports/<int:report_pk>/accept/",
        views_record.studio_report_accept,
        name="studio_report_accept",
    ),
    path(
        "innovation/studios/<int:pk>/outputs/new/",
        views_record.studio_output_new,
        name="studio_output_new",
    ),
    path(
        "innovation/studios/<int:pk>/outputs/<int:output_pk>/edit/",
        views_record.studio_output_edit,
        name="studio_output_edit",
    ),
    path(
        "innovation/studios/<int:pk>/outputs/<int:output_pk>/delete/",
        views_record.studio_output_delete,
        name="studio_output_delete",
    ),
    path(
        "innovation/studios/<int:pk>/assessments/new/",
        views_record.studio_assessment_new,
        name="studio_assessment_new",
    ),
    path(
        "innovation/studios/<int:pk>/assessments/<int:assessment_pk>/",
        views_record.studio_assessment_detail,
        name="studio_assessment_detail",
    ),
]
