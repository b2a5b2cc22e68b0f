"""The access matrix of every URL: what an anonymous visitor and an outsider (an account with no
grant, no roster record, no duty) get from it, one table per app, read by ``test_url_access``,
the CSP crawl and the fuzz tests. Each row gives the method, the URL's arguments (keys of the
``objects`` fixture in ``test_url_access``) and the two expectations."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

LOGIN = "login"  # anonymous: redirected to the login page
ADMIN_LOGIN = "admin-login"  # the Django admin's own login page
MISSING = 999_999
BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"  # for rows the matrix does not need to build: any id is refused the same way


@dataclass(frozen=True)
class Rule:
    anonymous: int | str
    outsider: int | str
    args: tuple[str, ...] = ()
    method: str = "get"


def page(outsider, *args, method="get"):
    """A page behind the login: anonymous visitors go to the login page."""
    return Rule(LOGIN, outsider, args, method)


def public(status, *args, outsider=None):
    return Rule(status, status if outsider is None else outsider, args)


def api(anonymous, outsider, *args, method="get"):
    return Rule(anonymous, outsider, args, method)


CORE = {
    # The home page sends a user without grants to their own landing (registration status).
    "home": page(302),
}
ACCOUNTS = {
    "login": public(200, outsider=302),  # a logged-in user is sent on to their landing
    "logout": Rule(LOGIN, LOGIN, method="post"),  # logged out, then to the login page
    "register": public(200),
    # Two-factor: the verify page only while a code is owed (otherwise on to the landing);
    # anyone may enrol; recovery codes only with a device; re-authentication for anyone.
    "two_factor_verify": page(302),
    "two_factor_enrol": page(200),
    "two_factor_recovery": page(302, method="post"),
    "reauth": page(200),
    # 我的账号: anyone's own account; turning off a second factor they do not have is refused
    # with a message, back on the page.
    "my_account": page(200),
    "password_change": page(200),
    "two_factor_remove": page(302, method="post"),
    # An admin's one-time reset link for another user (refused as missing); the link's page
    # itself is public and says a bad link is dead.
    "password_reset_link": page(404, "user", method="post"),
    "password_reset_confirm": public(404, "uidb64", "reset_token"),
    "registration_status": page(200),  # their own (empty) status
    "registration_list": page(404),
    "registration_approve": page(404, "registration", method="post"),
    "registration_reject": page(404, "registration", method="post"),
    "token_list": page(200),  # their own tokens
    "token_delete": page(404, "token", method="post"),  # another user's token
    # The security administrator's pages (三员分立): anyone else meets a page that isn't there.
    # 账号与授权 (the security administrator's): the same.
    "account_list": page(404),
    "account_new": page(404),
    "account_detail": page(404, "user"),
    "account_grant": page(404, "user", method="post"),
    "grant_role_change": page(404, "user", "grant", method="post"),
    "grant_revoke": page(404, "user", "grant"),  # the page that asks first
    "account_deactivate": page(404, "user", method="post"),
    "account_reactivate": page(404, "user", method="post"),
    "account_unlock": page(404, "user", method="post"),
    "platform_role_list": page(404),
    "platform_role_assign": page(404, method="post"),
    "platform_role_revoke": page(404, "platform_role", method="post"),
}
ORGANISATIONS = {
    "organisation_list": page(404),
    "organisation_detail": page(404, "org"),
    "organisation_new": page(404, "org"),
    "enterprise_list": page(404),
    "enterprise_new": page(404),
    "enterprise_detail": page(404, "enterprise"),
    "enterprise_edit": page(404, "enterprise"),
}
WORKERS = {
    "worker_list": page(404),
    "worker_new": page(404),
    "worker_export": page(404),
    "worker_export_unmasked": page(404),
    "worker_detail": page(404, "worker"),
    "worker_edit": page(404, "worker"),
    "worker_unmask": page(404, "worker", method="post"),
    "honour_new": page(404, "worker"),
    "import_list": page(404),
    "import_new": page(404),
    "import_template": page(404),
    "import_detail": page(404, "import"),
    "import_errors": page(404, "import"),
    "import_confirm": page(404, "import", method="post"),
    "import_cancel": page(404, "import", method="post"),
    "import_retry": page(404, "import", method="post"),
}
AUDIT = {
    "audit_list": page(404),
}
COMPETITIONS = {
    "competition_list": page(404),
    "competition_new": page(404),
    "competition_detail": page(404, "competition"),
    "competition_edit": page(404, "competition"),
    "competition_delete": page(404, "competition", method="post"),
    "competition_step": page(404, "competition", "step"),  # the confirm page
    "competition_scheme": page(404, "competition"),
    "competition_weights": page(404, "competition", method="post"),
    "aspect_add": page(404, "competition", method="post"),
    "aspect_edit": page(404, "competition", "aspect"),
    "aspect_delete": page(404, "competition", "aspect", method="post"),
    "judge_add": page(404, "competition", method="post"),
    "judge_remove": page(404, "competition", "judge", method="post"),
    "delegation_new": page(404, "competition", method="post"),
    "delegation_detail": page(404, "competition", "delegation"),
    "members_add": page(404, "competition", "delegation", method="post"),
    "member_remove": page(404, "competition", "delegation", "entry", method="post"),
    "delegation_leader": page(404, "competition", "delegation", method="post"),
    "entry_approve": page(404, "competition", "entry", method="post"),
    "enter_self": page(404, "competition", method="post"),
    "appeal_list": page(404, "competition"),
    "appeal_file": page(404, "competition", method="post"),
    "appeal_rule": page(404, "competition", "appeal", method="post"),
    "remark_prepare": page(404, "competition", "appeal", method="post"),
    "remark_apply": page(404, "competition", "remark", method="post"),
    "remark_cancel": page(404, "competition", "remark", method="post"),
    "theory_marks": page(404, "competition", "theory"),
    "theory_marks_template": page(404, "competition", "theory"),
    "theory_marks_import": page(404, "competition", "theory", method="post"),
    "judging_list": page(200),  # their (empty) scoring tasks
    "judging_entries": page(404, "competition"),
    "judging_lock": page(404, "competition"),
    "judging_lock_component": page(404, "competition", "component", method="post"),
    "judging_entry": page(404, "competition", "code"),
    "competition_certificates_pdf": page(404, "competition"),
    "competition_issue_certificates": page(404, "competition", method="post"),
    "certificate_pdf": page(404, "certificate"),
    # Public: anyone checks a certificate; a competition's results only once published.
    "certificate_verify_form": public(200),
    "certificate_verify": public(404, "certificate"),  # the page saying "未找到该证书"
    "public_results_list": public(200),
    "public_results": public(404, "competition"),  # not published yet
}
EXAMS = {
    "question_list": page(404),
    "question_import": page(404),
    "question_template": page(404),
    "paper_edit": page(404, "competition"),
    "paper_draw": page(404, "competition", method="post"),
    "paper_collect": page(404, "competition", method="post"),
    "exam_list": page(404),  # a worker's page: no roster record, no page
    "exam_take": page(404, "missing"),
    "exam_start": page(404, "missing", method="post"),
    "exam_answer": page(404, "missing", method="post"),
    "exam_submit": page(404, "missing", method="post"),
}
MENTORING = {
    "programme_list": page(404),
    "programme_create": page(404),
    "my_pairs": page(404),  # a worker's page: no roster record, no page
    "programme_detail": page(404, "programme"),
    "programme_match": page(404, "programme"),
    "match_run": page(404, "programme", method="post"),
    "match_accept": page(404, "match_run", method="post"),
    "programme_rules": page(404, "programme"),
    "mentoring_preferences": page(404, "programme"),
    "programme_stipends": page(404, "programme"),
    "pair_detail": page(404, "pair"),
    "pair_approve": page(404, "pair", method="post"),
    "pair_checkin": page(404, "pair"),
    "pair_assess": page(404, "pair", method="post"),
    "pair_end": page(404, "pair", method="post"),
    "pair_agreement": page(404, "pair"),
    "checkin_edit": page(404, "pair", "missing"),
    "checkin_delete": page(404, "pair", "missing", method="post"),
}
INNOVATION = {
    "studio_list": page(404),  # union staff's registry
    "studio_new": page(404),
    "studio_detail": page(404, "studio"),
    "studio_edit": page(404, "studio"),
    "studio_record_naming": page(404, "studio"),  # 登记既有命名: the naming body's admins
    "studio_revoke_naming": page(404, "studio"),
    # a recorded naming's files: to whoever sees the studio
    "studio_evidence_file": page(
        404, "evidence_studio", "naming_evidence"
    ),  # 撤销命名: the naming body's admins
    "my_studios": page(200),  # 我的工作室: the studios one leads or belongs to (none: empty)
    "studio_member_add": page(404, "studio", method="post"),
    "studio_member_remove": page(404, "studio", "studio_member", method="post"),
    "studio_showcase": public(200),  # 劳模工匠风采: named studios, no personal numbers
    # the living record and the assessment: with the studio
    "studio_report_new": page(404, "studio"),
    "studio_report_detail": page(404, "studio", "studio_report"),
    "studio_report_edit": page(404, "studio", "studio_report"),
    "studio_report_accept": page(404, "studio", "studio_report", method="post"),
    "studio_output_new": page(404, "studio"),
    "studio_output_edit": page(404, "studio", "studio_output"),
    "studio_output_delete": page(404, "studio", "studio_output", method="post"),
    "studio_assessment_new": page(404, "studio"),
    "studio_assessment_detail": page(404, "studio", "studio_assessment"),
    # breakthrough projects and subsidies: seen like the studio (and by the project's team)
    "project_new": page(404, "studio"),
    "my_projects": page(404),  # a worker's own projects: an account without a record has none
    "milestone_overdue_list": page(404),  # union staff
    "project_detail": page(404, "project"),
    "project_edit": page(404, "project"),
    "project_delete": page(404, "project", method="post"),
    "project_close": page(404, "project", method="post"),
    "project_reopen": page(404, "project", method="post"),
    "project_member_add": page(404, "project", method="post"),
    "project_member_remove": page(404, "project", "project_member", method="post"),
    "milestone_add": page(404, "project", method="post"),
    "milestone_edit": page(404, "project", "milestone"),
    "milestone_delete": page(404, "project", "milestone", method="post"),
    "project_file_add": page(404, "project", method="post"),
    "project_file_download": page(404, "project", "project_file"),
    "project_file_delete": page(404, "project", "project_file", method="post"),
    "studio_subsidies": page(404, "studio"),
    "subsidy_grant_add": page(404, "studio", method="post"),
    "subsidy_grant_delete": page(404, "studio", "grant", method="post"),
    "subsidy_line_add": page(404, "studio", method="post"),
    "subsidy_line_delete": page(404, "studio", "subsidy_line", method="post"),
    "subsidy_statement": page(404),
    "subsidy_statement_export": page(404),
    # 领办人资格规则: the system administrator's (and the top node admin's) pages
    "lead_rule_list": page(404),
    "lead_rule_edit": page(404, "studio_kind"),
    "lead_rule_reset": page(404, "studio_kind", method="post"),
    # naming batches: staff and appointed experts only; the 公示 is public
    "batch_list": page(404),
    "batch_new": page(404),
    "batch_detail": page(404, "batch"),
    "application_new": page(404, "batch"),
    "batch_publicity": page(404, "batch", method="post"),
    "application_detail": page(404, "application"),
    "application_file": page(404, "application", "application_file"),
    "application_endorse": page(404, "application", method="post"),
    "application_score": page(404, "application"),
    "application_decide": page(404, "application", method="post"),
    "application_name": page(404, "application", method="post"),
    "objection_new": page(404, "application"),  # named: no longer in 公示
    "objection_answer": page(404, "objection", method="post"),
    "naming_certificate": page(404, "naming_certificate"),
    "naming_certificate_revoke": page(404, "naming_certificate", method="post"),
    "studio_publicity": public(200),
    # 考核指标表: union staff only
    "sheet_list": page(404),
    "sheet_new": page(404),
    "sheet_detail": page(404, "assessment_sheet"),
    "sheet_edit": page(404, "assessment_sheet"),
    "sheet_copy": page(404, "assessment_sheet", method="post"),
    # the 五小 contest: union staff's editions; a worker's 我的申报; applications with the
    # applicants, their union's subtree-above (once submitted) and assigned experts
    "contest_edition_list": page(404),
    "contest_edition_new": page(404),
    "contest_my_applications": page(404),  # a worker's page: no roster record, no page
    "contest_edition_detail": page(404, "contest_edition"),
    "contest_edition_edit": page(404, "contest_edition"),
    "contest_endorsement_queue": page(404, "contest_edition"),
    "contest_application_new": page(404, "contest_edition"),
    "contest_application_detail": page(404, "contest_application"),
    "contest_application_edit": page(404, "contest_application"),
    "contest_application_delete": page(404, "contest_application", method="post"),
    "contest_application_submit": page(404, "contest_application"),
    "contest_application_endorse": page(404, "contest_application", method="post"),
    "contest_application_return": page(404, "contest_application", method="post"),
    "contest_attachment_add": page(404, "contest_application", method="post"),
    "contest_attachment": page(404, "contest_application", "contest_attachment"),
    "contest_attachment_delete": page(
        404, "contest_application", "contest_attachment", method="post"
    ),
}
PRIVACY = {
    "privacy_notice": public(200),  # the notice, readable before registering
    "privacy_accept": page(400, method="post"),  # an empty form: the box not ticked
    "my_data": page(404),  # a worker's pages: no roster record, no page
    "my_data_xlsx": page(404),
    "my_data_json": page(404),
    "correction_new": page(404),
    "correction_list": page(404),  # union admins' queue
    "correction_detail": page(404, "correction"),
    "correction_resolve": page(404, "correction", method="post"),
    "correction_reject": page(404, "correction", method="post"),
}
# The API authenticates itself: 401 without a token or session, never a login redirect; an
# outsider's collections are empty and single rows are 404, as on the pages.
API = {
    "api:openapi-json": public(200),
    "api:openapi-view": public(200),
    "api:api-root": public(404),
    "api:issue_token": api(405, 405),  # POST only
    "api:me": api(401, 200),
    "api:list_organisations": api(401, 200),
    "api:get_organisation": api(401, 404, "org"),
    "api:list_enterprises": api(401, 200),
    "api:get_enterprise": api(401, 404, "enterprise"),
    "api:list_workers": api(401, 200),
    "api:get_worker": api(401, 404, "worker"),
    "api:list_imports": api(401, 200),
    # A body is validated before the operation runs: an empty one is refused (400/422) before
    # access is decided; each app's API tests post valid bodies to check the refusal.
    "api:create_import": api(401, 422, method="post"),
    "api:get_import": api(401, 404, "import"),
    "api:get_import_errors": api(401, 404, "import"),
    "api:confirm_import": api(401, 404, "import", method="post"),
    "api:list_competitions": api(401, 200),
    "api:get_competition": api(401, 404, "competition"),
    "api:list_entries": api(401, 404, "competition"),
    "api:post_entry": api(401, 400, "competition", "delegation", method="post"),
    "api:judging_entries": api(401, 404, "competition"),
    "api:post_score": api(401, 400, "competition", method="post"),
    "api:public_results": api(404, 404, "competition"),
    "api:list_programmes": api(401, 200),
    "api:list_pairs": api(401, 404, "programme"),
    "api:post_pair": api(401, 400, "programme", method="post"),
    "api:approve": api(401, 404, "pair", method="post"),
    "api:list_checkins": api(401, 404, "pair"),
    "api:post_checkin": api(401, 400, "pair", method="post"),
    "api:correct_checkin": api(401, 422, "pair", "missing", method="put"),  # no body: 422 first
    "api:post_match": api(401, 400, "programme", method="post"),
    "api:accept_match": api(401, 400, "match_run", method="post"),
    "api:list_studios": api(401, 200),
    "api:get_studio": api(401, 404, "studio"),
    "api:list_studio_outputs": api(401, 404, "studio"),
    "api:list_studio_reports": api(401, 404, "studio"),
    "api:list_assessments": api(401, 200),
    "api:list_projects": api(401, 200),
    "api:get_project": api(401, 404, "project"),
    "api:get_subsidies": api(401, 404, "studio"),
    "api:list_batches": api(401, 200),
    "api:get_batch": api(401, 404, "batch"),
    "api:list_batch_applications": api(401, 404, "batch"),
    "api:get_application": api(401, 404, "application"),
    "api:list_contest_editions": api(401, 200),
    "api:get_contest_edition": api(401, 404, "contest_edition"),
    "api:list_contest_applications": api(401, 404, "contest_edition"),
    "api:get_contest_application": api(401, 404, "contest_application"),
}
# Probes for load balancers: open to anyone. No job worker runs in the tests, so /readyz
# answers 503 naming the worker (jiangxin/ops/tests/test_health.py covers the 200).
OPS = {
    "healthz": public(200),
    "readyz": public(503),
}
MATRIX = {
    **CORE,
    **OPS,
    **ACCOUNTS,
    **ORGANISATIONS,
    **WORKERS,
    **AUDIT,
    **COMPETITIONS,
    **EXAMS,
    **MENTORING,
    **INNOVATION,
    **PRIVACY,
    **API,
}
# The Django admin checks its own access (staff only): anonymous visitors meet a login page
# (the admin's or the site's), logged-in non-staff accounts the admin's login page.
NAMESPACE_RULES = {"admin": Rule(LOGIN, ADMIN_LOGIN)}


def url_patterns(patterns=None, namespace=None, prefix=""):
    """(qualified name, route, pattern) of every URL, nested includes and namespaces too."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_patterns(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), namespace


def rule_for(name, namespace) -> Rule | None:
    top = (namespace or "").split(":")[0]
    if top in NAMESPACE_RULES:
        return NAMESPACE_RULES[top]
    return MATRIX.get(name) if name else None


def unlisted() -> list[str]:
    return [
        f"{name or '(unnamed)'} → /{route}"
        for name, route, namespace in url_patterns()
        if rule_for(name, namespace) is None
    ]
