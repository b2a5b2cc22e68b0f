import datetime
from dataclasses import asdict
from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds
from jiangxin.core.forms import EventDateField, FiniteDecimalField, PageField
from jiangxin.mentoring.matching import Weights
from jiangxin.mentoring.models import (
    MAX_MONTHLY_HOURS,
    Assessment,
    Pair,
    Programme,
    hours_limit_message,
)
from jiangxin.workers.models import Honour, Worker


class ProgrammeRulesForm(forms.ModelForm):
    master_honours = forms.MultipleChoiceField(
        label=_("可替代等级的荣誉"),
        choices=Honour.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts = forms.MultipleChoiceField(
        label=_("面向岗位"),
        choices=[c for c in Worker.PostCategory.choices if c[0]],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rate_excellent = forms.IntegerField(label=_("优秀发放（%）"), min_value=0, max_value=100)
    rate_pass = forms.IntegerField(label=_("合格发放（%）"), min_value=0, max_value=100)
    rate_fail = forms.IntegerField(label=_("不合格发放（%）"), min_value=0, max_value=100)
    w_level = forms.IntegerField(
        label=_("匹配：等级差（每级）"),
        min_value=0,
        max_value=1000,
        help_text=_("师傅比徒弟高两级最理想"),
    )
    w_preference = forms.IntegerField(
        label=_("匹配：志愿（每落后一个志愿）"), min_value=0, max_value=1000
    )
    w_workshop = forms.IntegerField(label=_("匹配：不同车间"), min_value=0, max_value=1000)
    w_cross_enterprise = forms.IntegerField(label=_("匹配：跨企业"), min_value=0, max_value=1000)
    w_load = forms.IntegerField(
        label=_("匹配：师傅每多带一人"),
        min_value=0,
        max_value=1000,
        help_text=_("越大，徒弟越平均地分给各位师傅"),
    )

    class Meta:
        model = Programme
        fields = [
            "master_min_level",
            "master_honours",
            "master_min_years",
            "posts",
            "term_months",
            "stipend_monthly",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rates = self.instance.pay_rates or {}
        self.fields["rate_excellent"].initial = rates.get("excellent", 100)
        self.fields["rate_pass"].initial = rates.get("pass", 50)
        self.fields["rate_fail"].initial = rates.get("fail", 0)
        weights = {**asdict(Weights()), **(self.instance.weights or {})}
        for key, value in weights.items():
            self.fields[f"w_{key}"].initial = value

    def changes(self) -> dict:
        d = self.cleaned_data
        fields = {k: d[k] for k in self.Meta.fields}
        fields["pay_rates"] = {
            "excellent": d["rate_excellent"],
            "pass": d["rate_pass"],
            "fail": d["rate_fail"],
        }
        defaults = asdict(Weights())
        chosen = {k: d[f"w_{k}"] for k in defaults}
        # keep only what differs from the defaults, so later default changes still apply
        fields["weights"] = {k: v for k, v in chosen.items() if v != defaults[k]}
        return fields


# --- query parameters: a bad value is a message on the page, never an error page -------------

YEAR_ERRORS = {
    "invalid": _("年度应为四位数字，如 2025"),
    "min_value": format_lazy(
        _("年度应在 {low}–{high} 之间"),
        low=bounds.EARLIEST_EVENT_YEAR,
        high=bounds.LATEST_EVENT_YEAR,
    ),
    "max_value": format_lazy(
        _("年度应在 {low}–{high} 之间"),
        low=bounds.EARLIEST_EVENT_YEAR,
        high=bounds.LATEST_EVENT_YEAR,
    ),
}


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("年度"))
        kwargs.setdefault("min_value", bounds.EARLIEST_EVENT_YEAR)
        kwargs.setdefault("max_value", bounds.LATEST_EVENT_YEAR)
        kwargs.setdefault("error_messages", YEAR_ERRORS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 5}))
        super().__init__(**kwargs)


class ProgrammeFilterForm(forms.Form):
    year = YearField(required=False)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *Pair.Status.choices],
        error_messages={"invalid_choice": _("请从列表中选择状态")},
    )
    page = PageField()


class StipendForm(forms.Form):
    year = YearField()
    month = forms.TypedChoiceField(
        label=_("月份"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全年")), *[(m, m) for m in range(1, 13)]],
        error_messages={"invalid_choice": _("月份应为 1–12，或选“全年”")},
    )


class MatchViewForm(forms.Form):
    run = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("方案编号无效"), "min_value": _("方案编号无效")},
    )
    group = forms.ChoiceField(
        label=_("分组"),
        required=False,
        initial="enterprise",
        choices=[("enterprise", _("按徒弟单位")), ("occupation", _("按职业（工种）"))],
        error_messages={"invalid_choice": _("请按单位或按职业分组")},
    )


# --- actions -----------------------------------------------------------------------------------


class ProgrammeCreateForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("主办工会"),
        coerce=int,
        error_messages={
            "required": _("请选择主办工会"),
            "invalid_choice": _("请从列表中选择主办工会"),
        },
    )
    year = YearField(error_messages={**YEAR_ERRORS, "required": _("请填写年度，如 2025")})
    name = forms.CharField(label=_("名称（可不填）"), required=False, max_length=80)

    def __init__(self, *args, nodes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in nodes]


class CheckInForm(forms.Form):
    month = forms.ChoiceField(
        label=_("月份"),
        error_messages={
            "required": _("请选择月份"),
            "invalid_choice": _("请从列表中选择还没有填写的月份"),
        },
    )
    content = forms.CharField(
        label=_("本月传授（学习）内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("请写明本月传授（学习）的内容"),
            "max_length": _("内容请控制在 2000 字以内"),
        },
    )
    hours = FiniteDecimalField(
        label=_("学时"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=MAX_MONTHLY_HOURS,  # why this limit: see MAX_MONTHLY_HOURS
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=format_lazy(_("本月实际带徒学时，最多 {most} 小时"), most=MAX_MONTHLY_HOURS),
        error_messages={
            "required": _("请填写学时，如 8"),
            "invalid": _("学时应为数字，如 8 或 7.5"),
            "min_value": hours_limit_message(),
            "max_value": hours_limit_message(),
            "max_digits": hours_limit_message(),
            "max_decimal_places": _("学时最多保留一位小数"),
            "max_whole_digits": hours_limit_message(),
        },
    )

    def __init__(self, *args, months=(), overdue=(), **kwargs):
        super().__init__(*args, **kwargs)
        late = set(overdue)
        self.fields["month"].choices = [
            (
                m.strftime("%Y-%m"),
                _("{month}（逾期）").format(month=m.strftime("%Y-%m"))
                if m in late
                else m.strftime("%Y-%m"),
            )
            for m in months
        ]
        if months and not self.is_bound:
            self.initial.setdefault("month", months[0].strftime("%Y-%m"))

    def clean_month(self) -> datetime.date:
        return datetime.date.fromisoformat(self.cleaned_data["month"] + "-01")


class CheckInEditForm(forms.Form):
    """Correcting a monthly log: its content and hours (the month stays; a log filed for the
    wrong month is deleted and filed again)."""

    content = CheckInForm.base_fields["content"]
    hours = CheckInForm.base_fields["hours"]


class CheckInMonthForm(forms.Form):
    """``?month=2025-04`` on the log page: the month to preset (else the earliest missing)."""

    month = forms.RegexField(
        label=_("月份"),
        required=False,
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("月份应写成 2025-04 的样子（月份为 01–12）")},
    )


class AssessForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("考核"),
        choices=Assessment.Kind.choices,
        error_messages={"required": _("请选择考核"), "invalid_choice": _("请选择考核")},
    )
    grade = forms.ChoiceField(
        label=_("等次"),
        choices=Pair.Grade.choices,
        error_messages={"required": _("请选择等次"), "invalid_choice": _("请选择等次")},
    )
    comment = forms.CharField(
        label=_("评语"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("评语请控制在 300 字以内")},
    )


class EndPairForm(forms.Form):
    reason = forms.CharField(
        label=_("提前终止原因"),
        max_length=200,
        error_messages={
            "required": _("请写明提前终止的原因"),
            "max_length": _("原因请控制在 200 字以内"),
        },
    )


class ConfirmForm(forms.Form):
    """An action with nothing to fill in (approve): the form only carries the CSRF token."""


class MatchRunForm(forms.Form):
    scope = forms.TypedChoiceField(
        label=_("匹配范围"),
        coerce=int,
        error_messages={
            "required": _("请选择匹配范围"),
            "invalid_choice": _("请从列表中选择匹配范围"),
        },
    )
    cross = forms.BooleanField(label=_("允许跨企业结对"), required=False)

    def __init__(self, *args, scopes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(o.pk, o.name) for o in scopes]


class MatchAcceptForm(forms.Form):
    """The rows picked from a run, each with the proposed master or another one offered."""

    starts_on = EventDateField(
        label=_("结对开始日期"),
        error_messages={
            "required": _("请填写结对开始日期"),
            "invalid": _("日期应写成 2025-03-01 的样子"),
        },
    )
    pick = forms.TypedMultipleChoiceField(
        label=_("采纳"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("所选徒弟不在方案中，请刷新页面后重选")},
    )
    group = forms.ChoiceField(
        required=False,
        choices=[("enterprise", "enterprise"), ("occupation", "occupation")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, rows=(), **kwargs):
        """``rows``: (apprentice id, [(master id, label)…]) for each proposal row."""
        super().__init__(*args, **kwargs)
        self.fields["pick"].choices = [(a, a) for a, _m in rows]
        for apprentice, masters in rows:
            self.fields[f"master_{apprentice}"] = forms.TypedChoiceField(
                label=_("师傅"),
                coerce=int,
                required=False,
                choices=masters,
                error_messages={"invalid_choice": _("请从列表中选择师傅")},
            )

    def clean(self):
        data = super().clean()
        picked = data.get("pick") or []
        if "pick" in data and not picked:
            raise forms.ValidationError(_("请至少选择一对"))
        choices = {}
        for apprentice in picked:
            master = data.get(f"master_{apprentice}")
            if master is None:
                self.add_error(None, _("请为选中的每位徒弟选择师傅"))
                break
            choices[apprentice] = master
        data["choices"] = choices
        return data


class PreferencesForm(forms.Form):
    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", "—")] + [
            (
                m.pk,
                _("{name}（{unit}，{occupation}，{level}）").format(
                    name=m.name,
                    unit=m.enterprise or "—",
                    occupation=m.occupation.name if m.occupation else "—",
                    level=m.get_skill_level_display(),
                ),
            )
            for m in candidates
        ]
        self.by_id = {m.pk: m for m in candidates}
        for i in (1, 2, 3):
            self.fields[f"choice{i}"] = forms.TypedChoiceField(
                label=_("第 {n} 志愿").format(n=i),
                coerce=int,
                required=False,
                empty_value=None,
                choices=options,
                error_messages={"invalid_choice": _("请从列表中选择师傅")},
            )

    def masters(self) -> list:
        chosen = [self.cleaned_data.get(f"choice{i}") for i in (1, 2, 3)]
        return [self.by_id[c] for c in chosen if c is not None]
