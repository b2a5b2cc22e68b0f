"""The 五小 contest's forms: an edition (its levels one row per level kind, the review form one
criterion a line, the prize tiers one a line), an application (the completers in up to five
rows of worker and share; the attachments and the cover), and the small forms of submission,
endorsement and return. Numbers and dates are bounded; choices are limited to what the user may
use; the services check the rest."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from jiangxin.core import bounds
from jiangxin.core.forms import EventDateField, FiniteDecimalField, bounded_integer
from jiangxin.core.widgets import FastSelect
from jiangxin.innovation import policies_contest
from jiangxin.innovation.forms_batches import MultipleFileField
from jiangxin.innovation.models import (
    BenefitKind,
    Category,
    ContestEdition,
    EditionLevel,
    Exclusion,
    LevelKind,
    Project,
    ProjectType,
    Studio,
)
from jiangxin.innovation.models.contest import BENEFIT_WAN, MAX_COMPLETERS, QUOTA_NUMBER
from jiangxin.innovation.services_contest import (
    DEFAULT_CRITERIA,
    LevelSpec,
    default_levels,
    default_tiers,
)
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker

MODES = [("block", _("不予受理")), ("warn", _("提示，可确认后提交"))]


def criteria_text(rows) -> str:
    return "\n".join(f"{n} {w} {d}".rstrip() for n, w, d in rows)


def tiers_text(rows) -> str:
    return "\n".join(f"{n} {c} {a}" for n, c, a in rows)


def _lines(text: str, parse, label: str):
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        try:
            rows.append(parse(parts))
        except (ValueError, IndexError, ArithmeticError):
            problems.append(
                _("第 {n} 行“{line}”看不懂：{label}").format(n=number, line=line[:30], label=label)
            )
    if problems:
        raise forms.ValidationError(problems)
    return rows


class EditionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("主办单位"),
        queryset=Organisation.objects.none(),
        widget=FastSelect,
        error_messages={"invalid_choice": _("只能为本工会（镇及以上）举办大赛")},
    )
    year = bounded_integer(_("年度"), (bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR))
    title = forms.CharField(label=_("大赛名称"), max_length=100)
    completion_rule = forms.ChoiceField(
        label=_("完成时间要求"), choices=ContestEdition.Completion.choices
    )
    show_comments = forms.BooleanField(
        label=_("向申报人公开专家评语（不含专家姓名）"), required=False
    )
    criteria = forms.CharField(
        label=_("评审指标"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
        initial=criteria_text(DEFAULT_CRITERIA),
        help_text=_("每行一项：指标名称 权重 评分说明；权重合计 100"),
    )
    tiers = forms.CharField(
        label=_("奖项设置"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("每行一个奖项：名称 名额 奖金（元）"),
    )

    def __init__(self, *args, user, edition: ContestEdition | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        for code, label in Exclusion.choices:
            self.fields[f"ex_{code}"] = forms.ChoiceField(
                label=label, choices=MODES, widget=forms.RadioSelect, initial="block"
            )
        for kind, label in LevelKind.choices:
            self.fields[f"lv_{kind}_on"] = forms.BooleanField(
                label=label, required=False, disabled=kind == LevelKind.ENTERPRISE
            )
            self.fields[f"lv_{kind}_deadline"] = EventDateField(
                label=_("{level}截止日期").format(level=label), required=False
            )
            self.fields[f"lv_{kind}_mode"] = forms.ChoiceField(
                label=_("{level}方式").format(level=label),
                choices=EditionLevel.Mode.choices,
                required=False,
            )
            self.fields[f"lv_{kind}_quota_kind"] = forms.ChoiceField(
                label=_("{level}限额方式").format(level=label),
                choices=EditionLevel.Quota.choices,
                required=False,
            )
            self.fields[f"lv_{kind}_quota"] = bounded_integer(
                _("{level}推荐限额").format(level=label), QUOTA_NUMBER, required=False
            )
        if edition is not None:
            del self.fields["organisation"]
            self._initial_from(edition)
        else:
            unions = policies_contest.edition_unions(user)
            self.fields["organisation"].queryset = unions
            first = unions.exclude(kind=Organisation.Kind.NATIONAL).first()
            if first is not None:
                self.initial.setdefault("organisation", first.pk)
                self._initial_defaults(first)

    def _initial_levels(self, specs) -> None:
        for spec in specs:
            self.initial.update(
                {
                    f"lv_{spec.level}_on": True,
                    f"lv_{spec.level}_deadline": spec.deadline,
                    f"lv_{spec.level}_mode": spec.mode,
                    f"lv_{spec.level}_quota_kind": spec.quota_kind,
                    f"lv_{spec.level}_quota": spec.quota,
                }
            )

    def _initial_defaults(self, organisation: Organisation) -> None:
        from django.utils import timezone

        from jiangxin.innovation.models.contest import default_exclusion_modes

        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault(
            "title",
            _("{year}年{org}职工“五小”创新大赛").format(
                year=today.year, org=organisation.name.removesuffix(gettext_noop("总工会"))
            ),
        )
        self.initial.setdefault("completion_rule", ContestEdition.Completion.IN_YEAR_OR_BENEFIT)
        self.initial.update({f"ex_{k}": v for k, v in default_exclusion_modes().items()})
        self.initial.setdefault("tiers", tiers_text(default_tiers(organisation)))
        self._initial_levels(default_levels(organisation, today))

    def _initial_from(self, edition: ContestEdition) -> None:
        self.initial.update(
            {
                "year": edition.year,
                "title": edition.title,
                "completion_rule": edition.completion_rule,
                "show_comments": edition.show_comments,
                "criteria": criteria_text(
                    (c.name, c.weight, c.descriptors) for c in edition.criteria.all()
                ),
                "tiers": "\n".join(
                    f"{t.name} {t.count} {t.amount:.2f}" for t in edition.tiers.all()
                ),
            }
        )
        self.initial.update({f"ex_{k}": v for k, v in edition.exclusion_modes.items()})
        self._initial_levels(
            LevelSpec(lv.level, lv.deadline, lv.mode, lv.quota_kind, lv.quota)
            for lv in edition.levels.all()
        )

    def level_rows(self):
        return [
            {
                "label": label,
                "kind": kind,
                **{part: self[f"lv_{kind}_{part}"] for part in ("on", "deadline", "mode")},
                "quota_kind": self[f"lv_{kind}_quota_kind"],
                "quota": self[f"lv_{kind}_quota"],
            }
            for kind, label in LevelKind.choices
        ]

    def exclusion_fields(self):
        return [self[f"ex_{code}"] for code in Exclusion.values]

    def clean_criteria(self):
        def parse(parts):
            return parts[0], int(parts[1]), parts[2] if len(parts) > 2 else ""

        return _lines(self.cleaned_data["criteria"], parse, _("应为“名称 权重 说明”"))

    def clean_tiers(self):
        def parse(parts):
            count, amount = int(parts[1]), Decimal(parts[2])
            if count < 1 or not amount.is_finite() or amount < 0:
                raise ValueError
            return parts[0], count, amount

        return _lines(self.cleaned_data["tiers"], parse, _("应为“名称 名额 奖金”"))

    def clean(self):
        data = super().clean()
        specs, problems = [], []
        for kind, label in LevelKind.choices:
            on = kind == LevelKind.ENTERPRISE or data.get(f"lv_{kind}_on")
            if not on:
                continue
            deadline = data.get(f"lv_{kind}_deadline")
            if deadline is None:
                problems.append(_("请填写{level}的截止日期").format(level=label))
                continue
            specs.append(
                LevelSpec(
                    kind,
                    deadline,
                    mode=data.get(f"lv_{kind}_mode") or EditionLevel.Mode.REVIEW,
                    quota_kind=data.get(f"lv_{kind}_quota_kind") or EditionLevel.Quota.SHARE,
                    quota=data.get(f"lv_{kind}_quota"),
                )
            )
        if problems:
            self.add_error(None, problems)
        data["levels"] = specs
        data["exclusion_modes"] = {
            code: data.get(f"ex_{code}", "block") for code in Exclusion.values
        }
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        keys = ["year", "title", "completion_rule", "show_comments", "exclusion_modes"]
        keys += ["levels", "criteria", "tiers"]
        if self.edition is None:
            keys.append("organisation")
        return {k: data[k] for k in keys}


NO_NAMES = _("请勿写入完成人姓名和企业、工会名称：专家评审时隐去这些信息")


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=100, help_text=NO_NAMES)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("请选择")), *Category.choices])
    project_type = forms.ChoiceField(
        label=_("项目类型"), choices=[("", _("请选择")), *ProjectType.choices]
    )
    benefit_kind = forms.ChoiceField(
        label=_("效益类型"), choices=[("", _("请选择")), *BenefitKind.choices]
    )
    started_on = EventDateField(label=_("开始日期"))
    completed_on = EventDateField(label=_("完成日期"))
    benefit_from = EventDateField(
        label=_("效益开始日期"),
        required=False,
        help_text=_("申报年度以前完成的项目必填：须在申报年度内产生效益"),
    )
    benefit_until = EventDateField(
        label=_("效益结束日期（可选）"), required=False, help_text=_("仍在产生效益的不填")
    )
    background = forms.CharField(
        label=_("项目背景"),
        max_length=2000,
        required=False,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    content = forms.CharField(
        label=_("主要内容"),
        max_length=3000,
        required=False,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    innovation_points = forms.CharField(
        label=_("创新点"),
        max_length=2000,
        required=False,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    results = forms.CharField(
        label=_("应用成果"),
        max_length=2000,
        required=False,
        help_text=NO_NAMES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    benefit_amount = FiniteDecimalField(
        label=_("经济效益（万元）"),
        min_value=BENEFIT_WAN[0],
        max_value=BENEFIT_WAN[1],
        max_digits=10,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": 0}),
        error_messages={
            "invalid": _("请填写数字，如 12.35"),
            "max_decimal_places": _("经济效益以万元计，最多保留两位小数（如 12.35），请重新填写"),
            "min_value": _("经济效益不能为负数"),
        },
    )
    benefit_basis = forms.CharField(
        label=_("效益计算方法"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明数据来源和算式，如：节约工时 × 次数 × 小时工资"),
    )
    studio = forms.ModelChoiceField(
        label=_("所属创新工作室（可选）"),
        queryset=Studio.objects.none(),
        required=False,
        widget=FastSelect,
    )
    studio_project = forms.ModelChoiceField(
        label=_("工作室攻关项目（可选）"),
        queryset=Project.objects.none(),
        required=False,
        widget=FastSelect,
    )
    in_gov_plan = forms.BooleanField(label=_("已列入政府科技计划"), required=False)
    gov_awarded = forms.BooleanField(label=_("已获政府奖励"), required=False)
    involves_secret = forms.BooleanField(label=_("涉及商业秘密"), required=False)
    national_security = forms.BooleanField(label=_("涉及国家安全"), required=False)
    ip_dispute = forms.BooleanField(label=_("存在知识产权纠纷"), required=False)
    files = MultipleFileField(label=_("申报材料"), required=False)
    # the service's refusals about the completers land here (shown above the rows)
    completers = forms.Field(required=False, widget=forms.HiddenInput)
    cover = forms.FileField(
        label=_("封面图片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
        help_text=_("JPG 或 PNG，一张"),
    )

    def __init__(self, *args, enterprise, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        roster = Worker.objects.filter(enterprise=enterprise).order_by("name_pinyin", "pk")
        choices = [("", "—")] + [
            (w.pk, f"{w.name}（{w.job_post}）" if w.job_post else w.name) for w in roster
        ]
        self.workers = {w.pk: w for w in roster}
        for n in range(1, MAX_COMPLETERS + 1):
            self.fields[f"completer_{n}"] = forms.TypedChoiceField(
                label=_("第 {n} 完成人").format(n=n),
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=FastSelect,
                error_messages={"invalid_choice": _("请从本企业名册中选择")},
            )
            self.fields[f"share_{n}"] = bounded_integer(_("占比（%）"), (1, 100), required=False)
        self.fields["studio"].queryset = Studio.objects.filter(enterprise=enterprise)
        self.fields["studio_project"].queryset = Project.objects.filter(
            studio__enterprise=enterprise
        )
        self.fields["files"].help_text = _("PDF、JPG 或 PNG，1–5 个，每个不超过 {mb} MB").format(
            mb=max_mb
        )

    def declaration_fields(self):
        names = ("in_gov_plan", "gov_awarded", "involves_secret", "national_security", "ip_dispute")
        return [self[n] for n in names]

    def completer_rows(self):
        return [
            (n, self[f"completer_{n}"], self[f"share_{n}"]) for n in range(1, MAX_COMPLETERS + 1)
        ]

    def clean(self):
        data = super().clean()
        rows = []
        for n in range(1, MAX_COMPLETERS + 1):
            pk, share = data.get(f"completer_{n}"), data.get(f"share_{n}")
            if pk is None and share is None:
                continue
            if pk is None:
                self.add_error(f"completer_{n}", _("请选择完成人，或清空占比"))
            elif share is None:
                self.add_error(f"share_{n}", _("请填写贡献占比"))
            else:
                rows.append((self.workers[pk], share))
        data["completers"] = rows
        start, end = data.get("benefit_from"), data.get("benefit_until")
        if start and end and end < start:
            self.add_error("benefit_until", _("效益结束日期不能早于开始日期"))
        return data

    def service_kwargs(self) -> dict:
        from jiangxin.innovation.services_contest_applications import FORM_FIELDS

        data = self.cleaned_data
        out = {k: data[k] for k in FORM_FIELDS}
        out["completers"] = data["completers"]
        out["files"] = data.get("files") or []
        out["cover"] = data.get("cover")
        return out


class EnterpriseForm(forms.Form):
    """``?enterprise=``: which enterprise a union fills for (when it has several)."""

    enterprise = forms.ModelChoiceField(
        label=_("申报单位"),
        queryset=None,
        widget=FastSelect,
        error_messages={"invalid_choice": _("请从列表中选择本工会所属的企业")},
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class AttachmentForm(forms.Form):
    files = MultipleFileField(label=_("申报材料"), required=False)
    cover = forms.FileField(label=_("封面图片"), required=False)


class SubmitForm(forms.Form):
    accept_warnings = forms.BooleanField(label=_("我已知悉，仍然提交"), required=False)


class EndorseForm(forms.Form):
    opinion = forms.CharField(
        label=_("推荐意见"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("申报人将看到此原因，修改后重新提交"),
        error_messages={"required": _("请写明退回原因，申报人将据此修改")},
    )
