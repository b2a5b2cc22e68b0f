from django.urls import path

from jiangxin.competitions import (
    appeal_views,
    judging_views,
    marks_views,
    results_views,
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
    path("competitions/<int:pk>/appeals/", appeal_views.appeal_list, name="appeal_list"),
    path("competitions/<int:pk>/appeals/new/", appeal_views.appeal_file, name="appeal_file"),
    path(
        "competitions/<int:pk>/appeals/<int:appeal>/rule/",
        appeal_views.appeal_rule_view,
        name="appeal_rule",
    ),
    path(
        "competitions/<int:pk>/appeals/<int:appeal>/remark/",
        appeal_views.remark_prepare,
        name="remark_prepare",
    ),
    path(
        "competitions/<int:pk>/remarks/<int:remark>/apply/",
        appeal_views.remark_apply,
        name="remark_apply",
    ),
    path(
        "competitions/<int:pk>/remarks/<int:remark>/cancel/",
        appeal_views.remark_cancel,
        name="remark_cancel",
    ),
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
        "competitions/<int:pk>/marks/<int:component>/",
        marks_views.theory_marks,
        name="theory_marks",
    ),
    path(
        "competitions/<int:pk>/marks/<int:component>/template.xlsx",
        marks_views.theory_marks_template,
        name="theory_marks_template",
    ),
    path(
        "competitions/<int:pk>/marks/<int:component>/import/",
        marks_views.theory_marks_import,
        name="theory_marks_import",
    ),
    path(
        "competitions/<int:pk>/certificates.pdf",
        results_views.competition_certificates_pdf,
        name="competition_certificates_pdf",
    ),
    path(
        "competitions/<int:pk>/certificates/issue/",
        results_views.competition_issue_certificates,
        name="competition_issue_certificates",
    ),
    path("certificates/<str:code>.pdf", results_views.certificate_pdf, name="certificate_pdf"),
    path("results/", results_views.public_results_list, name="public_results_list"),
    path("results/<int:pk>/", results_views.public_results, name="public_results"),
]
