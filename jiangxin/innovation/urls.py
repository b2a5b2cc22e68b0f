from django.urls import path

from jiangxin.innovation import (
    views,
    views_lead_rules,
    views_projects,
    views_record,
    views_subsidies,
)

urlpatterns = [
    path("innovation/studios/", views.studio_list, name="studio_list"),
    path("innovation/studios/new/", views.studio_new, name="studio_new"),
    path("innovation/studios/mine/", views.my_studios, name="my_studios"),
    path("innovation/studios/<int:pk>/", views.studio_detail, name="studio_detail"),
    path("innovation/studios/<int:pk>/edit/", views.studio_edit, name="studio_edit"),
    path(
        "innovation/studios/<int:pk>/existing-naming/",
        views.studio_record_naming,
        name="studio_record_naming",
    ),
    path(
        "innovation/studios/<int:pk>/revoke-naming/",
        views.studio_revoke_naming,
        name="studio_revoke_naming",
    ),
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
    # breakthrough projects and subsidies (issue 10, items 5 and 6)
    path(
        "innovation/studios/<int:pk>/projects/new/",
        views_projects.project_new,
        name="project_new",
    ),
    path("innovation/projects/mine/", views_projects.my_projects, name="my_projects"),
    path(
        "innovation/projects/overdue/",
        views_projects.overdue_milestones,
        name="milestone_overdue_list",
    ),
    path("innovation/projects/<int:pk>/", views_projects.project_detail, name="project_detail"),
    path("innovation/projects/<int:pk>/edit/", views_projects.project_edit, name="project_edit"),
    path(
        "innovation/projects/<int:pk>/delete/",
        views_projects.project_delete,
        name="project_delete",
    ),
    path("innovation/projects/<int:pk>/close/", views_projects.project_close, name="project_close"),
    path(
        "innovation/projects/<int:pk>/reopen/",
        views_projects.project_reopen,
        name="project_reopen",
    ),
    path(
        "innovation/projects/<int:pk>/team/new/",
        views_projects.project_member_add,
        name="project_member_add",
    ),
    path(
        "innovation/projects/<int:pk>/team/<int:member_pk>/remove/",
        views_projects.project_member_remove,
        name="project_member_remove",
    ),
    path(
        "innovation/projects/<int:pk>/milestones/new/",
        views_projects.milestone_add,
        name="milestone_add",
    ),
    path(
        "innovation/projects/<int:pk>/milestones/<int:milestone_pk>/edit/",
        views_projects.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "innovation/projects/<int:pk>/milestones/<int:milestone_pk>/delete/",
        views_projects.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "innovation/projects/<int:pk>/files/new/",
        views_projects.project_file_add,
        name="project_file_add",
    ),
    path(
        "innovation/projects/<int:pk>/files/<int:file_pk>/",
        views_projects.project_file_download,
        name="project_file_download",
    ),
    path(
        "innovation/projects/<int:pk>/files/<int:file_pk>/delete/",
        views_projects.project_file_delete,
        name="project_file_delete",
    ),
    path(
        "innovation/studios/<int:pk>/subsidies/",
        views_subsidies.studio_subsidies,
        name="studio_subsidies",
    ),
    path(
        "innovation/studios/<int:pk>/subsidies/grants/new/",
        views_subsidies.subsidy_grant_add,
        name="subsidy_grant_add",
    ),
    path(
        "innovation/studios/<int:pk>/subsidies/grants/<int:grant_pk>/delete/",
        views_subsidies.subsidy_grant_delete,
        name="subsidy_grant_delete",
    ),
    path(
        "innovation/studios/<int:pk>/subsidies/lines/new/",
        views_subsidies.subsidy_line_add,
        name="subsidy_line_add",
    ),
    path(
        "innovation/studios/<int:pk>/subsidies/lines/<int:line_pk>/delete/",
        views_subsidies.subsidy_line_delete,
        name="subsidy_line_delete",
    ),
    path(
        "innovation/subsidies/statement/",
        views_subsidies.subsidy_statement,
        name="subsidy_statement",
    ),
    path(
        "innovation/subsidies/statement.xlsx",
        views_subsidies.subsidy_statement_export,
        name="subsidy_statement_export",
    ),
]
# 领办人资格规则 (views_lead_rules)
urlpatterns += [
    path("innovation/lead-rules/", views_lead_rules.lead_rule_list, name="lead_rule_list"),
    path(
        "innovation/lead-rules/<slug:kind>/edit/",
        views_lead_rules.lead_rule_edit,
        name="lead_rule_edit",
    ),
    path(
        "innovation/lead-rules/<slug:kind>/reset/",
        views_lead_rules.lead_rule_reset,
        name="lead_rule_reset",
    ),
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
    path(
        "innovation/naming-certificates/<int:pk>/revoke/",
        views_naming.naming_certificate_revoke,
        name="naming_certificate_revoke",
    ),
    path(
        "innovation/studios/<int:pk>/existing-naming/files/<int:file_pk>/",
        views_naming.studio_evidence_file,
        name="studio_evidence_file",
    ),
    path("innovation/publicity/", views_naming.publicity, name="studio_publicity"),
]

# --- assessment indicator sheets (views_sheets) --------------------------------------------
from jiangxin.innovation import views_sheets  # noqa: E402

urlpatterns += [
    path("innovation/sheets/", views_sheets.sheet_list, name="sheet_list"),
    path("innovation/sheets/new/", views_sheets.sheet_new, name="sheet_new"),
    path("innovation/sheets/<int:pk>/", views_sheets.sheet_detail, name="sheet_detail"),
    path("innovation/sheets/<int:pk>/edit/", views_sheets.sheet_edit, name="sheet_edit"),
    path("innovation/sheets/<int:pk>/copy/", views_sheets.sheet_copy, name="sheet_copy"),
]

# --- the 五小 innovation contest (views_contest, views_contest_applications) --------------------
from jiangxin.innovation import views_contest, views_contest_applications  # noqa: E402

_apps = views_contest_applications
urlpatterns += [
    path("innovation/contest/", views_contest.contest_edition_list, name="contest_edition_list"),
    path("innovation/contest/new/", views_contest.contest_edition_new, name="contest_edition_new"),
    path(
        "innovation/contest/mine/",
        views_contest.contest_my_applications,
        name="contest_my_applications",
    ),
    path(
        "innovation/contest/<int:pk>/",
        views_contest.contest_edition_detail,
        name="contest_edition_detail",
    ),
    path(
        "innovation/contest/<int:pk>/edit/",
        views_contest.contest_edition_edit,
        name="contest_edition_edit",
    ),
    path(
        "innovation/contest/<int:pk>/endorsements/",
        views_contest.contest_endorsement_queue,
        name="contest_endorsement_queue",
    ),
    path(
        "innovation/contest/<int:pk>/apply/",
        _apps.contest_application_new,
        name="contest_application_new",
    ),
    path(
        "innovation/contest/applications/<int:pk>/",
        _apps.contest_application_detail,
        name="contest_application_detail",
    ),
    path(
        "innovation/contest/applications/<int:pk>/edit/",
        _apps.contest_application_edit,
        name="contest_application_edit",
    ),
    path(
        "innovation/contest/applications/<int:pk>/delete/",
        _apps.contest_application_delete,
        name="contest_application_delete",
    ),
    path(
        "innovation/contest/applications/<int:pk>/submit/",
        _apps.contest_application_submit,
        name="contest_application_submit",
    ),
    path(
        "innovation/contest/applications/<int:pk>/endorse/",
        _apps.contest_application_endorse,
        name="contest_application_endorse",
    ),
    path(
        "innovation/contest/applications/<int:pk>/return/",
        _apps.contest_application_return,
        name="contest_application_return",
    ),
    path(
        "innovation/contest/applications/<int:pk>/attachments/",
        _apps.contest_attachment_add,
        name="contest_attachment_add",
    ),
    path(
        "innovation/contest/applications/<int:pk>/attachments/<int:file_pk>/",
        _apps.contest_attachment,
        name="contest_attachment",
    ),
    path(
        "innovation/contest/applications/<int:pk>/attachments/<int:file_pk>/delete/",
        _apps.contest_attachment_delete,
        name="contest_attachment_delete",
    ),
]
