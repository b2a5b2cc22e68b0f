"""Everything the platform holds about one worker — their roster record and their account —
as titled tables of display text, the one source of the 我的数据 page and of both downloads.

The guarantee: every row is found by the worker's own record or account (their entries,
sittings, certificates, pairs they are in and those pairs' logs, appeals on their entries or
filed by them, their honours, registration, consents and correction requests), never by a
search or a union's scope, so nothing of another worker's can come in. Another person appears
only where the row is the worker's own relationship with them: the other side of a pair and a
preferred master are named. Results are shown once published, as on the worker's record.
Appeals filed for a teammate's entry name the entry by its code, not the teammate.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.models import Registration, User
from jiangxin.competitions.models import Appeal, Certificate, Competition, Entry
from jiangxin.core import crypto
from jiangxin.exams.models import Sitting
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
            _account(user, clear),
            _record(worker, clear),
            _registration(user),
            _table(
                "honours",
                _("荣誉"),
                [_("荣誉类别"), _("级别"), _("称号"), _("年度")],
                (
                    (h.get_kind_display(), h.get_level_display(), h.title, h.year)
                    for h in worker.honours.order_by("-year", "kind")
                ),
            ),
            _entries(worker),
            _sittings(worker),
            _appeals(worker, user),
            _certificates(worker),
            _pairs(worker, pairs),
            _checkins(pairs),
            _assessments(pairs),
            _preferences(worker),
            _consents(user),
            _corrections(worker),
        ],
    )


def _account(user: User, clear: bool) -> Section:
    mobile = user.mobile_masked
    if clear:
        mobile = crypto.decrypt(user.mobile_enc) if user.mobile_enc else ""
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
    rows = [
        (
            r.name,
            r.id_number_masked,
            r.enterprise.name,
            r.get_status_display(),
            r.created,
            r.decided_at,
            r.note,
        )
        for r in Registration.objects.filter(user=user).select_related("enterprise")
    ]
    columns = [
        _("姓名"),
        _("公民身份号码"),
        _("工作单位"),
        _("状态"),
        _("提交时间"),
        _("审核时间"),
        _("审核意见"),
    ]
    return _table("registration", _("注册申请"), columns, rows)


def _entries(worker: Worker) -> Section:
    entries = (
        Entry.objects.filter(worker=worker)
        .select_related("competition__organiser", "delegation", "result")
        .order_by("-competition__held_on", "-pk")
    )
    rows = []
    for e in entries:
        c = e.competition
        result = getattr(e, "result", None) if c.status in PUBLISHED else None
        rows.append(
            (
                c.title,
                c.held_on,
                c.organiser.name,
                e.delegation.name if e.delegation else _("个人报名"),
                e.get_status_display(),
                e.code,
                e.order,
                e.station,
                result.total if result else "",
                result.rank if result else "",
                result.award if result else "",
            )
        )
    columns = [
        _("竞赛"),
        _("比赛日期"),
        _("主办单位"),
        _("参赛队"),
        _("报名状态"),
        _("加密号"),
        _("出场顺序"),
        _("工位"),
        _("总成绩"),
        _("名次"),
        _("奖项"),
    ]
    return _table("entries", _("竞赛报名与成绩"), columns, rows)


def _sittings(worker: Worker) -> Section:
    sittings = (
        Sitting.objects.filter(entry__worker=worker)
        .select_related("paper__component__competition")
        .order_by("-started_at")
    )
    rows = [
        (
            s.paper.component.competition.title,
            s.started_at,
            s.submitted_at,
            s.auto_submitted,
            s.score,
        )
        for s in sittings
    ]
    columns = [_("竞赛"), _("开考时间"), _("交卷时间"), _("到时自动交卷"), _("成绩")]
    return _table("sittings", _("理论考试"), columns, rows)


def _appeals(worker: Worker, user: User) -> Section:
    appeals = (
        Appeal.objects.filter(Q(entry__worker=worker) | Q(filed_by=user))
        .select_related("competition", "entry")
        .order_by("-created")
    )
    rows = [
        (
            a.competition.title,
            a.entry.code,
            _("本人") if a.filed_by_id == user.pk else _("领队"),
            a.reason,
            a.get_status_display(),
            a.ruling,
            a.created,
            a.ruled_at,
        )
        for a in appeals
    ]
    columns = [
        _("竞赛"),
        _("加密号"),
        _("提出人"),
        _("申诉理由"),
        _("状态"),
        _("仲裁意见"),
        _("提出时间"),
        _("裁决时间"),
    ]
    return _table("appeals", _("申诉"), columns, rows)


def _certificates(worker: Worker) -> Section:
    certificates = (
        Certificate.objects.filter(entry__worker=worker)
        .select_related("competition")
        .order_by("-issued_at")
    )
    rows = [
        (
            c.competition.title,
            c.award,
            c.rank,
            c.display_code,
            c.issued_at,
            c.dated,
            c.revoked_at,
            c.revoke_reason,
        )
        for c in certificates
    ]
    columns = [
        _("竞赛"),
        _("奖项"),
        _("名次"),
        _("验证码"),
        _("颁发时间"),
        _("落款日期"),
        _("作废时间"),
        _("作废原因"),
    ]
    return _table("certificates", _("获奖证书"), columns, rows)


def _pairs(worker: Worker, pairs: list[Pair]) -> Section:
    rows = []
    for p in pairs:
        as_master = p.master_id == worker.pk
        rows.append(
            (
                p.programme.name,
                _("师傅") if as_master else _("徒弟"),
                p.apprentice.name if as_master else p.master.name,
                p.get_status_display(),
                p.starts_on,
                p.ends_on,
                p.skills,
                p.stipend_monthly,
                p.get_final_grade_display(),
            )
        )
    columns = [
        _("项目"),
        _("本人身份"),
        _("对方"),
        _("状态"),
        _("开始日期"),
        _("结束日期"),
        _("传授技能"),
        _("带徒津贴（元/月）"),
        _("出师考核"),
    ]
    return _table("pairs", _("师徒结对"), columns, rows)


def _pair_label(pair: Pair) -> str:
    return f"{pair.master.name} → {pair.apprentice.name}"


def _checkins(pairs: list[Pair]) -> Section:
    by_pk = {p.pk: p for p in pairs}
    checkins = CheckIn.objects.filter(pair__in=by_pk).order_by("pair", "-month", "role")
    rows = [
        (
            _pair_label(by_pk[c.pair_id]),
            c.month.strftime("%Y-%m"),
            c.get_role_display(),
            c.hours,
            c.content,
            c.created,
        )
        for c in checkins
    ]
    columns = [_("结对"), _("月份"), _("填写人"), _("学时"), _("传授内容"), _("填写时间")]
    return _table("checkins", _("带徒记录"), columns, rows)


def _assessments(pairs: list[Pair]) -> Section:
    by_pk = {p.pk: p for p in pairs}
    assessments = Assessment.objects.filter(pair__in=by_pk).order_by("pair", "created")
    rows = [
        (
            _pair_label(by_pk[a.pair_id]),
            a.get_kind_display(),
            a.get_grade_display(),
            a.comment,
            a.created,
        )
        for a in assessments
    ]
    columns = [_("结对"), _("考核"), _("等次"), _("评语"), _("考核时间")]
    return _table("assessments", _("带徒考核"), columns, rows)


def _preferences(worker: Worker) -> Section:
    preferences = (
        Preference.objects.filter(apprentice=worker)
        .select_related("programme", "master")
        .order_by("programme", "rank")
    )
    rows = [(p.programme.name, p.rank, p.master.name) for p in preferences]
    return _table("preferences", _("拜师志愿"), [_("项目"), _("志愿"), _("师傅")], rows)


def _consents(user: User) -> Section:
    rows = [
        (_("第{version}版").format(version=c.version), c.get_via_display(), c.accepted_at)
        for c in Consent.objects.filter(user=user)
    ]
    return _table(
        "consents", _("同意记录"), [_("个人信息处理规则"), _("方式"), _("同意时间")], rows
    )


def _corrections(worker: Worker) -> Section:
    rows = [
        (c.get_item_display(), c.details(), c.get_status_display(), c.note, c.created, c.decided_at)
        for c in CorrectionRequest.objects.filter(worker=worker)
    ]
    columns = [_("项目"), _("应当更正为"), _("状态"), _("处理意见"), _("提交时间"), _("处理时间")]
    return _table("corrections", _("更正申请"), columns, rows)
