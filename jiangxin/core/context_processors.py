from django.urls import reverse
from django.utils.translation import gettext as _

from jiangxin.accounts import twofactor
from jiangxin.accounts.access import reach_of
from jiangxin.accounts.policies import (
    can_assign_platform_roles,
    can_manage_accounts,
    can_reach_admin,
)
from jiangxin.audit.policies import can_open_audit_log

# Not offered to a viewer (a grant to see, not to change): they could import or review nothing.
VIEWER_HIDDEN = {"import", "registration", "correction"}


def _can_import(user) -> bool:
    from jiangxin.workers.policies import can_import

    return can_import(user)


def _can_set_lead_rules(user) -> bool:
    from jiangxin.innovation.policies import can_set_lead_rules

    return can_set_lead_rules(user)


def navigation(request):
    """The side menu: only the entries this user may open, and no tool a role cannot use
    (a viewer is offered no import or review queue; a worker or judge no staff tool; the
    security and audit administrators their duty alone)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    if request.session.get(twofactor.PENDING):
        # The password is given, the second factor still owed: none of the menu opens yet
        # (accounts.middleware), so none is shown; the top bar keeps the sign-out link.
        return {"nav": []}
    reach = reach_of(user)
    items = []
    if reach.is_union_user:
        items += [
            (_("工作台"), reverse("home"), "home"),
            (_("组织架构"), reverse("organisation_list"), "organisation"),
            (_("企业"), reverse("enterprise_list"), "enterprise"),
            (_("职工名册"), reverse("worker_list"), "worker"),
            *([(_("批量导入"), reverse("import_list"), "import")] if _can_import(user) else []),
            (_("技能竞赛"), reverse("competition_list"), "competition"),
            (_("题库"), reverse("question_list"), "question"),
            (_("名师带高徒"), reverse("programme_list"), "mentoring"),
            (_("创新工作室"), reverse("studio_list"), "innovation"),
            (_("五小创新大赛"), reverse("contest_edition_list"), "contest"),
            *(
                [(_("领办人资格规则"), reverse("lead_rule_list"), "lead_rules")]
                if _can_set_lead_rules(user)
                else []
            ),
            (_("注册审核"), reverse("registration_list"), "registration"),
            (_("更正申请"), reverse("correction_list"), "correction"),
        ]
    elif reach.worker_id:
        items += [
            (_("我的档案"), reverse("worker_detail", args=[reach.worker_id]), "worker"),
            (_("在线考试"), reverse("exam_list"), "exam"),
        ]
        from jiangxin.mentoring.nav import my_pairs_label

        if label := my_pairs_label(reach):
            items.append((label, reverse("my_pairs"), "mentoring"))
        from jiangxin.innovation.reach import my_studios_entry

        if entry := my_studios_entry(reach):
            items.append((*entry, "my-studios"))
        items.append((_("我的五小申报"), reverse("contest_my_applications"), "my-contest"))
        items.append((_("我的数据"), reverse("my_data"), "my-data"))
    elif not (reach.judge or reach.platform_role or reach.has("studio_expert")):
        items += [(_("注册状态"), reverse("registration_status"), "registration")]
    if can_open_audit_log(user):  # union staff (their subtree) and the audit administrator
        items.append((_("审计日志"), reverse("audit_list"), "audit"))
    if can_manage_accounts(user):  # the security administrator
        items.append((_("账号与授权"), reverse("account_list"), "accounts"))
    if can_assign_platform_roles(user):  # the security administrator
        items.append((_("平台角色"), reverse("platform_role_list"), "platform_role"))
    if reach.judge or reach.platform:
        items.append((_("评分"), reverse("judging_list"), "judging"))
    if reach.is_union_user or reach.has("studio_expert"):  # naming batches: staff and experts
        items.append((_("工作室命名"), reverse("batch_list"), "studio-batches"))
    if reach.is_union_user:
        items.append((_("API 令牌"), reverse("token_list"), "token"))
        items.append((_("接口文档"), reverse("api:openapi-view"), "api-docs"))
    if reach.is_union_user and not (reach.platform or reach.edit_paths):  # a viewer
        items = [item for item in items if item[2] not in VIEWER_HIDDEN]
    items.append((_("我的账号"), reverse("my_account"), "my_account"))  # everyone's own
    if can_reach_admin(user):  # the platform administrators, each to their part
        items.append((_("系统管理"), reverse("admin:index"), "admin"))
    path = request.path
    nav = [
        {
            "label": label,
            "url": url,
            "key": key,
            "active": path == url or (url != "/" and path.startswith(url)),
        }
        for label, url, key in items
    ]
    return {"nav": nav, "reach": reach}
