"""Everything the platform holds about one worker — their roster record and their account —
as titled tables of display text, the one source of the 我的数据 page and of both downloads.

The guarantee: every row is found by the worker's own record or account (their entries,
sittings, certificates, pairs they are in and those pairs' logs, appeals on their entries or
filed by them, their honours, the innovation studios they lead and their studio memberships,
registration, consents and correction requests), never by a
search or a union's scope, so nothing of another worker's can come in. Another person appears
only where the row is the worker's own relationship with them: the other side of a pair and a
preferred master are named. Results are shown once published, as on the worker's record.
Appeals filed for a teammate's entry name the entry by its code, not the teammate.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.models import Registration, User
from jiangxin.competitions.models import Appeal, Certificate, Competition, Entry
from jiangxin.core import crypto
from jiangxin.exams.models import Sitting
from jiangxin.innovation.models import Studio, StudioMember
from jiangxin.mentoring.models import Assessment, CheckIn, Pair, Preference
from jiangxin.privacy.models import Consent, CorrectionRequest
from jiangxin.workers.models import Worker

PUBLISHED = (Competition.Status.PUBLISHED, Competition.Status.FINAL)


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    facts: bool = False  # (项目, 内容) pairs about one thing, shown as a list, not a table


@dataclass
class Holdings:
    worker: Worker
    generated: datetime.datetime
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def text(value) -> str:
    """A cell as shown: local time for moments, ISO dates, 是/否, plain decimals, — for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _table(key: str, title: str, columns: list[str], rows) -> Section:
    return Section(key, title, columns, [[text(v) for v in row] for row in rows])


# A column of a listing: its title and how to read its cell from the row's object — a dotted
# attribute path (a method at its end is called: ``get_status_display``) or a function.
Column = tuple[str, "str | Callable[[Any], object]"]


def _cell(obj, how) -> object:
    if callable(how):
        return how(obj)
    value = obj
    for name in how.split("."):
        value = getattr(value, name)
        if value is None:
            return None
    return value() if callable(value) else value


def _listing(key: str, title: str, objects: Iterable, columns: list[Column]) -> Section:
    """A table with one row per object; titles and cells come from the same list of columns."""
    return _table(
        key,
        title,
        [column for column, _how in columns],
        ([_cell(obj, how) for _column, how in columns] for obj in objects),
    )


def _facts(key: str, title: str, rows) -> Section:
    return Section(key, title, [_("项目"), _("内容")], [[k, text(v)] for k, v in rows], True)


def collect(*, worker: Worker, user: User, clear: bool) -> Holdings:
    """The worker's data. ``clear``: the ID number and mobiles in clear (the download, which
    the service audits); otherwise masked (the page, which reveals them through the audited
    ``workers.services.unmask_worker``)."""
    pairs = list(
        Pair.objects.filter(Q(master=worker) | Q(apprentice=worker))
        .select_related("programme", "master", "apprentice")
        .order_by("-starts_on", "-pk")
    )
    return Holdings(
        worker=worker,
        generated=timezone.now(),
        sections=[
            _account(user, worker, clear),
            _record(worker, clear),
            _registration(user),
            _listing(
                "honours",
                _("荣誉"),
                worker.honours.order_by("-year", "kind"),
                [
                    (_("荣誉类别"), "get_kind_display"),
                    (_("级别"), "get_level_display"),
                    (_("称号"), "title"),
                    (_("年度"), "year"),
                ],
            ),
            _entries(worker),
            _sittings(worker),
            _appeals(worker, user),
            _certificates(worker),
            _pairs(worker, pairs),
            _checkins(pairs),
            _assessments(pairs),
            _preferences(worker),
            *_studios(worker),
            _consents(user),
            _corrections(worker),
        ],
    )


def _account(user: User, worker: Worker, clear: bool) -> Section:
    if user.mobile_enc:
        mobile = crypto.decrypt(user.mobile_enc) if clear else user.mobile_masked
    elif worker.mobile_enc:
        # An account made for a roster record (not by registering) keeps no mobile of its own;
        # the record's is the one the union holds, and the page says so.
        number = worker.mobile() if clear else worker.mobile_masked
        mobile = _("{number}（职工档案中的号码）").format(number=number)
    else:
        mobile = ""
    return _facts(
        "account",
        _("账号"),
        [
            (_("用户名"), user.get_username()),
            (_("姓名"), user.display_name),
            (_("手机号码"), mobile),
            (_("开通时间"), user.date_joined),
            (_("最近登录"), user.last_login),
        ],
    )


def _record(worker: Worker, clear: bool) -> Section:
    rows = [
        (_("姓名"), worker.name),
        (_("性别"), worker.get_gender_display()),
        (_("出生日期"), worker.birth_date),
        # on the page they are in the identity box, masked, with the audited way to reveal
        *(
            [(_("公民身份号码"), worker.id_number()), (_("手机号码"), worker.mobile())]
            if clear
            else []
        ),
        (_("所属工会"), worker.organisation.name),
        (_("工作单位"), worker.enterprise.name if worker.enterprise else ""),
        (_("用工形式"), worker.get_employment_form_display()),
        (_("平台名称"), worker.platform_name),
        (_("职业（工种）"), str(worker.occupation) if worker.occupation else ""),
        (_("岗位"), worker.job_post),
        (_("车间（班组）"), worker.workshop),
        (_("岗位类别"), worker.get_post_category_display()),
        (_("技能等级"), worker.get_skill_level_display()),
        (_("一线职工"), worker.front_line),
        (_("入职日期"), worker.start_date),
        (_("建档时间"), worker.created),
        (_("最近修改"), worker.updated),
    ]
    return _facts("record", _("职工档案"), rows)


def _registration(user: User) -> Section:
    registrations = Registration.objects.filter(user=user).select_related("enterprise")
    return _listing(
        "registration",
        _("注册申请"),
        registrations,
        [
            (_("姓名"), "name"),
            (_("公民身份号码"), "id_number_masked"),
            (_("工作单位"), "enterprise.name"),
            (_("状态"), "get_status_display"),
            (_("提交时间"), "created"),
            (_("审核时间"), "decided_at"),
            (_("审核意见"), "note"),
        ],
    )


def _published_result(entry: Entry):
    """The entry's result once its competition is published, as on the worker's record."""
    return getattr(entry, "result", None) if entry.competition.status in PUBLISHED else None


def _entries(worker: Worker) -> Section:
    entries = (
        Entry.objects.filter(worker=worker)
        .select_related("competition__organiser", "delegation", "result")
        .order_by("-competition__held_on", "-pk")
    )
    return _listing(
        "entries",
        _("竞赛报名与成绩"),
        entries,
        [
            (_("竞赛"), "competition.title"),
            (_("比赛日期"), "competition.held_on"),
            (_("主办单位"), "competition.organiser.name"),
            (_("参赛队"), lambda e: e.delegation.name if e.delegation else _("个人报名")),
            (_("报名状态"), "get_status_display"),
            (_("加密号"), "code"),
            (_("出场顺序"), "order"),
            (_("工位"), "station"),
            (_("总成绩"), lambda e: getattr(_published_result(e), "total", "")),
            (_("名次"), lambda e: getattr(_published_result(e), "rank", "")),
            (_("奖项"), lambda e: getattr(_published_result(e), "award", "")),
        ],
    )


def _sittings(worker: Worker) -> Section:
    sittings = (
        Sitting.objects.filter(entry__worker=worker)
        .select_related("paper__component__competition")
        .order_by("-started_at")
    )
    return _listing(
        "sittings",
        _("理论考试"),
        sittings,
        [
            (_("竞赛"), "paper.component.competition.title"),
            (_("开考时间"), "started_at"),
            (_("交卷时间"), "submitted_at"),
            (_("到时自动交卷"), "auto_submitted"),
            (_("成绩"), "score"),
        ],
    )


def _appeals(worker: Worker, user: User) -> Section:
    appeals = (
        Appeal.objects.filter(Q(entry__worker=worker) | Q(filed_by=user))
        .select_related("competition", "entry")
        .order_by("-created")
    )
    return _listing(
        "appeals",
        _("申诉"),
        appeals,
        [
            (_("竞赛"), "competition.title"),
            (_("加密号"), "entry.code"),
            (_("提出人"), lambda a: _("本人") if a.filed_by_id == user.pk else _("领队")),
            (_("申诉理由"), "reason"),
            (_("状态"), "get_status_display"),
            (_("仲裁意见"), "ruling"),
            (_("提出时间"), "created"),
            (_("裁决时间"), "ruled_at"),
        ],
    )


def _certificates(worker: Worker) -> Section:
    certificates = (
        Certificate.objects.filter(entry__worker=worker)
        .select_related("competition")
        .order_by("-issued_at")
    )
    return _listing(
        "certificates",
        _("获奖证书"),
        certificates,
        [
            (_("竞赛"), "competition.title"),
            (_("奖项"), "award"),
            (_("名次"), "rank"),
            (_("验证码"), "display_code"),
            (_("颁发时间"), "issued_at"),
            (_("落款日期"), "dated"),
            (_("作废时间"), "revoked_at"),
            (_("作废原因"), "revoke_reason"),
        ],
    )


def _pairs(worker: Worker, pairs: list[Pair]) -> Section:
    def as_master(p: Pair) -> bool:
        return p.master_id == worker.pk

    return _listing(
        "pairs",
        _("师徒结对"),
        pairs,
        [
            (_("项目"), "programme.name"),
            (_("本人身份"), lambda p: _("师傅") if as_master(p) else _("徒弟")),
            (_("对方"), lambda p: p.apprentice.name if as_master(p) else p.master.name),
            (_("状态"), "get_status_display"),
            (_("开始日期"), "starts_on"),
            (_("结束日期"), "ends_on"),
            (_("传授技能"), "skills"),
            (_("带徒津贴（元/月）"), "stipend_monthly"),
            (_("出师考核"), "get_final_grade_display"),
        ],
    )


def _pair_records(
    key: str, title: str, model, pairs: list[Pair], order: tuple[str, ...], columns: list[Column]
) -> Section:
    """Rows kept per pair (logs, assessments) of the worker's pairs, each named by its pair."""
    by_pk = {p.pk: p for p in pairs}
    records = model.objects.filter(pair__in=by_pk).order_by("pair", *order)
    label = (
        _("结对"),
        lambda r: f"{by_pk[r.pair_id].master.name} → {by_pk[r.pair_id].apprentice.name}",
    )
    return _listing(key, title, records, [label, *columns])


def _checkins(pairs: list[Pair]) -> Section:
    return _pair_records(
        "checkins",
        _("带徒记录"),
        CheckIn,
        pairs,
        ("-month", "role"),
        [
            (_("月份"), lambda c: c.month.strftime("%Y-%m")),
            (_("填写人"), "get_role_display"),
            (_("学时"), "hours"),
            (_("传授内容"), "content"),
            (_("填写时间"), "created"),
        ],
    )


def _assessments(pairs: list[Pair]) -> Section:
    return _pair_records(
        "assessments",
        _("带徒考核"),
        Assessment,
        pairs,
        ("created",),
        [
            (_("考核"), "get_kind_display"),
            (_("等次"), "get_grade_display"),
            (_("评语"), "comment"),
            (_("考核时间"), "created"),
        ],
    )


def _preferences(worker: Worker) -> Section:
    preferences = (
        Preference.objects.filter(apprentice=worker)
        .select_related("programme", "master")
        .order_by("programme", "rank")
    )
    return _listing(
        "preferences",
        _("拜师志愿"),
        preferences,
        [(_("项目"), "programme.name"), (_("志愿"), "rank"), (_("师傅"), "master.name")],
    )


def _studios(worker: Worker) -> list[Section]:
    """The studios the worker leads (``Studio.lead``) and their memberships (past ones too:
    leaving keeps the row). Other members are not named."""
    led = Studio.objects.filter(lead=worker).select_related("enterprise").order_by("-founded")
    memberships = (
        StudioMember.objects.filter(worker=worker)
        .select_related("studio__enterprise")
        .order_by(F("left").asc(nulls_first=True), "-joined", "pk")
    )
    return [
        _listing(
            "studios_led",
            _("领办的创新工作室"),
            led,
            [
                (_("工作室"), "name"),
                (_("类别"), "get_kind_display"),
                (_("依托企业"), "enterprise.name"),
                (_("命名级别"), "get_naming_level_display"),
                (_("状态"), "get_state_display"),
                (_("成立日期"), "founded"),
                (_("命名日期"), "named_on"),
                (_("摘牌（撤销）日期"), "delisted_on"),
            ],
        ),
        _listing(
            "studio_memberships",
            _("创新工作室成员"),
            memberships,
            [
                (_("工作室"), "studio.name"),
                (_("类别"), "studio.get_kind_display"),
                (_("依托企业"), "studio.enterprise.name"),
                (_("本人角色"), "get_role_display"),
                (_("加入日期"), "joined"),
                (_("退出日期"), "left"),
            ],
        ),
    ]


def _consents(user: User) -> Section:
    return _listing(
        "consents",
        _("同意记录"),
        Consent.objects.filter(user=user),
        [
            (_("个人信息处理规则"), lambda c: _("第{version}版").format(version=c.version)),
            (_("方式"), "get_via_display"),
            (_("同意时间"), "accepted_at"),
        ],
    )


def _corrections(worker: Worker) -> Section:
    return _listing(
        "corrections",
        _("更正申请"),
        CorrectionRequest.objects.filter(worker=worker),
        [
            (_("项目"), "get_item_display"),
            (_("应当更正为"), "details"),
            (_("状态"), "get_status_display"),
            (_("处理意见"), "note"),
            (_("提交时间"), "created"),
            (_("处理时间"), "decided_at"),
        ],
    )
