from django.urls import path

from jiangxin.competitions import (
    appeal_views,
    judging_views,
    manage_views,
    marks_views,
    results_views,
    views,
)

urlpatterns = [
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/new/", manage_views.competition_new, name="competition_new"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    path("competitions/<int:pk>/step/", manage_views.competition_step, name="competition_step"),
    path(
        "competitions/<int:pk>/scheme/", manage_views.competition_scheme, name="competition_scheme"
    ),
    path("competitions/<int:pk>/teams/new/", manage_views.delegation_new, name="delegation_new"),
    path(
        "competitions/<int:pk>/teams/<int:team>/",
        manage_views.delegation_detail,
        name="delegation_detail",
    ),
    path(
        "competitions/<int:pk>/entries/<int:entry>/approve/",
        manage_views.entry_approve,
        name="entry_approve",
    ),
    path("competitions/<int:pk>/enter/", manage_views.enter_self, name="enter_self"),
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
    path("verify/", results_views.certificate_verify, name="certificate_verify_form"),
    path("verify/<str:code>/", results_views.certificate_verify, name="certificate_verify"),
    path("results/", results_views.public_results_list, name="public_results_list"),
    path("results/<int:pk>/", results_views.public_results, name="public_results"),
]
