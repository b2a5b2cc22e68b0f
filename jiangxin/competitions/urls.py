from django.urls import path

from jiangxin.competitions import (
    judging_views,
    manage_views,
    setup_views,
    step_views,
    team_views,
    views,
)

urlpatterns = [
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/new/", setup_views.competition_new, name="competition_new"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    # organiser: set-up (setup_views), steps (step_views)
    path("competitions/<int:pk>/edit/", setup_views.competition_edit, name="competition_edit"),
    path(
        "competitions/<int:pk>/delete/", setup_views.competition_delete, name="competition_delete"
    ),
    path(
        "competitions/<int:pk>/step/<slug:step>/",
        step_views.competition_step,
        name="competition_step",
    ),
    path(
        "competitions/<int:pk>/scheme/", setup_views.competition_scheme, name="competition_scheme"
    ),
    path(
        "competitions/<int:pk>/scheme/weights/",
        setup_views.competition_weights,
        name="competition_weights",
    ),
    path("competitions/<int:pk>/scheme/aspects/add/", setup_views.aspect_add, name="aspect_add"),
    path(
        "competitions/<int:pk>/scheme/aspects/<int:aspect>/",
        setup_views.aspect_edit,
        name="aspect_edit",
    ),
    path(
        "competitions/<int:pk>/scheme/aspects/<int:aspect>/delete/",
        setup_views.aspect_delete,
        name="aspect_delete",
    ),
    path("competitions/<int:pk>/judges/add/", setup_views.judge_add, name="judge_add"),
    path(
        "competitions/<int:pk>/judges/<int:judge>/remove/",
        setup_views.judge_remove,
        name="judge_remove",
    ),
    # teams (team_views)
    path("competitions/<int:pk>/teams/new/", team_views.delegation_new, name="delegation_new"),
    path(
        "competitions/<int:pk>/teams/<int:team>/",
        team_views.delegation_detail,
        name="delegation_detail",
    ),
    path(
        "competitions/<int:pk>/teams/<int:team>/members/add/",
        team_views.members_add,
        name="members_add",
    ),
    path(
        "competitions/<int:pk>/teams/<int:team>/members/<int:entry>/remove/",
        team_views.member_remove,
        name="member_remove",
    ),
    path(
        "competitions/<int:pk>/teams/<int:team>/leader/",
        team_views.set_leader,
        name="delegation_leader",
    ),
    path(
        "competitions/<int:pk>/entries/<int:entry>/approve/",
        team_views.entry_approve,
        name="entry_approve",
    ),
    path("competitions/<int:pk>/enter/", team_views.enter_self, name="enter_self"),
    path("competitions/<int:pk>/appeals/", manage_views.appeal_list, name="appeal_list"),
    path("judging/", judging_views.judging_list, name="judging_list"),
    path("judging/<int:pk>/", judging_views.judging_entries, name="judging_entries"),
    path("judging/<int:pk>/lock/", judging_views.judging_lock, name="judging_lock"),
    path(
        "judging/<int:pk>/lock/<int:component>/",
        judging_views.judging_lock_component,
        name="judging_lock_component",
    ),
    path("judging/<int:pk>/<str:code>/", judging_views.judging_entry, name="judging_entry"),
    path(
        "competitions/<int:pk>/certificates.pdf",
        views.competition_certificates_pdf,
        name="competition_certificates_pdf",
    ),
    path(
        "competitions/<int:pk>/certificates/issue/",
        views.competition_issue_certificates,
        name="competition_issue_certificates",
    ),
    path("certificates/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("verify/", views.certificate_verify, name="certificate_verify_form"),
    path("verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("results/", views.public_results_list, name="public_results_list"),
    path("results/<int:pk>/", views.public_results, name="public_results"),
]
