"""How the audit log reads in Chinese: a label for every action code the services write, the
操作 filter's groups, and each entry's details as (label, text) lines.

The codes stay as stored (``AuditEntry.action``; the log is append-only and other tools read
it): labels are only for showing. A code without a label shows as itself, so nothing is ever
hidden; ``audit/tests/test_labels.py`` fails on any code the source writes that lacks one.
A detail key is named by ``KEY_LABELS``, else by the audited model's field (``verbose_name``),
else shown as stored; values of a field with choices show their labels, [old, new] pairs as
"old → new".
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

ACTION_LABELS = {
    "create": _l("新增"),
    "update": _l("修改"),
    "delete": _l("删除"),
    "import": _l("导入"),
    "export": _l("导出"),
    "unmask": _l("查看完整信息"),
    "approve": _l("审核通过"),
    "reject": _l("审核驳回"),
    "login": _l("登录"),
    "login_failed": _l("登录失败"),
    "logout": _l("退出"),
    "2fa_ok": _l("双因素验证通过"),
    "2fa_failed": _l("双因素验证失败"),
    "2fa_enrolled": _l("启用双因素认证"),
    "recovery_codes": _l("生成恢复码"),
    "reset_link": _l("生成密码重置链接"),
    "password_reset": _l("重置密码"),
    "password_chg": _l("修改密码"),
    "2fa_removed": _l("关闭双因素认证"),
    "prune": _l("清理过期日志"),
}

# Shown with a warning colour on the page: personal data revealed, sign-ins refused.
WARN_ACTIONS = frozenset({"unmask", "login_failed", "2fa_failed"})

# Filter entries that are a kind of object rather than an action: every change to it.
SUBJECTS = {
    "grants": ("accounts.grant", _l("工会授权")),
    "platform_roles": ("accounts.platformrole", _l("平台角色")),
}

FILTER_GROUPS = (
    (_l("数据"), ("create", "update", "delete", "import")),
    (_l("个人信息"), ("export", "unmask")),
    (_l("审核"), ("approve", "reject")),
    (_l("授权变更"), ("grants", "platform_roles")),
    (
        _l("登录与账号安全"),
        (
            "login",
            "login_failed",
            "logout",
            "2fa_ok",
            "2fa_failed",
            "2fa_enrolled",
            "recovery_codes",
            "2fa_removed",
            "reset_link",
            "password_reset",
            "password_chg",
        ),
    ),
    (_l("日志维护"), ("prune",)),
)


# Grant and platform-role entries are stored as create/update/delete; said as what they are.
SUBJECT_ACTIONS = {
    ("accounts.grant", "create"): _l("授予工会授权"),
    ("accounts.grant", "update"): _l("修改授权角色"),
    ("accounts.grant", "delete"): _l("撤销工会授权"),
    ("accounts.platformrole", "create"): _l("分配平台角色"),
    ("accounts.platformrole", "delete"): _l("撤销平台角色"),
}


def action_label(code: str, object_type: str = "") -> str:
    label = SUBJECT_ACTIONS.get((object_type, code)) or ACTION_LABELS.get(code, code)
    return str(label)


def filter_choices() -> list:
    """The 操作 filter: grouped, each code or subject once."""
    groups = []
    for title, keys in FILTER_GROUPS:
        groups.append(
            (title, [(k, SUBJECTS[k][1] if k in SUBJECTS else ACTION_LABELS[k]) for k in keys])
        )
    return [("", _l("全部")), *groups]


KEY_LABELS = {
    # accounts: grants, platform roles, registrations, tokens, sign-in
    "user": _l("账号"),
    "role": _l("角色"),
    "organisation": _l("工会"),
    "worker": _l("职工档案"),
    "note": _l("意见"),
    "expires": _l("有效期至"),
    "how": _l("方式"),
    # workers: export, unmask, import, the roster filter an export was made with
    "rows": _l("人数"),
    "unmasked_rows": _l("完整信息人数"),
    "filters": _l("筛选条件"),
    "fields": _l("字段"),
    "job": _l("导入任务"),
    "created": _l("新增"),
    "updated": _l("更新"),
    "q": _l("姓名 / 拼音 / 首字母"),
    "enterprise": _l("企业"),
    "occupation": _l("职业（工种）"),
    "skill_level": _l("技能等级"),
    "honour": _l("荣誉"),
    "unmasked": _l("完整信息"),
    "page": _l("页码"),
    # competitions, exams, mentoring
    "status": _l("状态"),
    "leader": _l("领队"),
    "certificates": _l("证书数"),
    "revoked": _l("作废原因"),
    "results": _l("成绩条数"),
    "weight": _l("权重"),
    "locked": _l("已锁定"),
    "changes": _l("复核改动"),
    "exam_scores": _l("理论成绩"),
    "questions": _l("试题"),
    "new": _l("新增"),
    "rules": _l("组卷规则"),
    "duration": _l("考试时长（分钟）"),
    "shuffle": _l("乱序"),
    "drawn": _l("抽取题数"),
    "seed": _l("随机种子"),
    "collected": _l("收卷份数"),
    "hours": _l("学时"),
    "content": _l("传授内容"),
    "assessment": _l("考核"),
    "proposed": _l("建议结对数"),
    "unpaired": _l("未配对人数"),
    "ended": _l("终止原因"),
    "preferences": _l("拜师志愿"),
    # privacy
    "version": _l("规则版本"),
    "via": _l("方式"),
    "format": _l("文件格式"),
    "sections": _l("内容"),
    "item": _l("更正项目"),
    "by": _l("途径"),
    "days": _l("保存期限（天）"),
    # the log itself, the admin, the data key
    "deleted": _l("删除条数"),
    "deleted_with": _l("一并删除"),
    "before": _l("截止时间"),
    "retention_days": _l("保留天数"),
    "oldest": _l("最早"),
    "newest": _l("最晚"),
    "key": _l("当前密钥"),
    "old_keys": _l("旧密钥"),
    "finished": _l("已完成"),
    # innovation
    "size": _l("大小（字节）"),
}

# Values that are codes of their own, not a model field's choices.
VALUE_LABELS = {
    "how": {"totp": _l("动态验证码"), "recovery": _l("恢复码")},
    "by": {"own_data_export": _l("职工下载本人数据")},
}

# Keys whose value is a list of things, never an [old, new] pair.
LISTS = frozenset({"fields", "sections", "old_keys", "preferences", "changes", "rules"})


def _model(object_type: str):
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def key_label(key: str, model=None) -> str:
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = _field(model, key)
    name = str(getattr(field, "verbose_name", "") or "")
    if name and not name.isascii():
        return name
    other = _model(key)  # "workers.honour" in deleted_with
    if other is not None:
        return str(other._meta.verbose_name)
    return key


def _scalar(value, choices: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return str(value)


def value_text(key: str, value: Any, model=None) -> str:
    field = _field(model, key)
    choices = {str(k): v for k, v in getattr(field, "flatchoices", None) or ()}
    choices.update(VALUE_LABELS.get(key, {}))
    if key == "fields" and isinstance(value, list):
        return "、".join(key_label(str(v), model) for v in value)
    if isinstance(value, dict):
        return "；".join(
            f"{key_label(str(k), model)}：{value_text(str(k), v, model)}" for k, v in value.items()
        )
    if isinstance(value, list):
        if (
            len(value) == 2
            and key not in LISTS
            and not any(isinstance(v, (dict, list)) for v in value)
        ):
            return f"{_scalar(value[0], choices)} → {_scalar(value[1], choices)}"
        return (
            "、".join(
                value_text(key, v, model) if isinstance(v, (dict, list)) else _scalar(v, choices)
                for v in value
            )
            or "—"
        )
    return _scalar(value, choices)


def details(entry, union_names: dict[str, str]) -> list[tuple[str, str]]:
    """The entry's changes as (label, text) lines, masked. A grant's entry names its union:
    from the changes where the service stored it, else from the node the entry is filed under
    (``union_names``: path → name, fetched once for the page)."""
    model = _model(entry.object_type)
    changes = entry.shown_changes or {}
    if not isinstance(changes, dict):  # the field takes any JSON; services write objects
        return [(_("变更"), value_text("", changes, model))]
    lines = [(key_label(k, model), value_text(k, v, model)) for k, v in changes.items()]
    if entry.object_type == SUBJECTS["grants"][0] and "organisation" not in changes:
        name = union_names.get(entry.org_path)
        if name:
            lines.insert(0, (str(KEY_LABELS["organisation"]), name))
    return lines
