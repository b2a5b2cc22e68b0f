"""The naming batch's forms: opening a batch (its score sheet one item a line, its experts one
account a line), applying with 1–5 materials, endorsing, an expert's scores, the decision, an
objection and its answer, and the confirmations of the irreversible steps. Numbers and dates are
bounded; choices are limited to what the user may use."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds
from jiangxin.core.forms import (
    EventDateField,
    FiniteDecimalField,
    MultipleFileField,
    bounded_integer,
)
from jiangxin.core.widgets import FastSelect
from jiangxin.innovation import batch_rules, policies_batches
from jiangxin.innovation.models import ApplicationFile, Project, Studio
from jiangxin.innovation.models.batches import PUBLICITY_DAYS, SUBSIDY, TEAM
from jiangxin.organisations.models import Organisation


class BatchForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("命名单位"),
        queryset=Organisation.objects.none(),
        widget=FastSelect,
        error_messages={"invalid_choice": _("只能为本工会（镇及以上）开启批次")},
    )
    title = forms.CharField(label=_("批次名称"), max_length=100)
    year = bounded_integer(_("年度"), (bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR))
    kinds = forms.MultipleChoiceField(
        label=_("受理类别"),
        choices=Studio.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个受理类别")},
    )
    deadline = EventDateField(label=_("申报截止日期"))
    min_team = bounded_integer(_("团队最少人数（含领办人）"), TEAM, initial=3)
    min_area = FiniteDecimalField(
        label=_("场所最小面积（平方米）"),
        min_value=bounds.FLOOR_AREA[0],
        max_value=bounds.FLOOR_AREA[1],
        max_digits=8,
        decimal_places=1,
        initial=20,
    )
    needs_yearly_project = forms.BooleanField(
        label=_("须有年度攻关项目"), required=False, initial=True
    )
    subsidy_new = FiniteDecimalField(
        label=_("新命名补助（元）"),
        min_value=SUBSIDY[0],
        max_value=SUBSIDY[1],
        max_digits=12,
        decimal_places=2,
        initial=50000,
    )
    subsidy_reconfirmed = FiniteDecimalField(
        label=_("复核确认补助（元）"),
        min_value=SUBSIDY[0],
        max_value=SUBSIDY[1],
        max_digits=12,
        decimal_places=2,
        initial=30000,
    )
    publicity_days = bounded_integer(_("公示天数"), PUBLICITY_DAYS, initial=5)
    plaque_prefix = forms.CharField(
        label=_("牌匾编号字头"),
        max_length=20,
        help_text=_("如“安海工作室”，编号为 安海工作室〔2025〕1号"),
    )
    sheet = forms.CharField(
        label=_("评分表"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=2000,
        initial=batch_rules.sheet_text(),
        help_text=_("每行一项：项目名称 分值；合计 100 分"),
    )
    experts = forms.CharField(
        label=_("评审专家账号"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("每行一个用户名或手机号"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unions = policies_batches.batch_unions(user)
        self.fields["organisation"].queryset = unions
        only = list(unions[:2])
        if len(only) == 1:  # one choice: preselected
            self.initial.setdefault("organisation", only[0].pk)

    def clean_sheet(self):
        items, problems = batch_rules.parse_sheet(self.cleaned_data["sheet"])
        if problems:
            raise forms.ValidationError(problems)
        return items

    def clean_experts(self):
        from jiangxin.accounts.backends import find_user

        found, unknown = [], []
        for line in self.cleaned_data["experts"].splitlines():
            name = line.strip()
            if not name:
                continue
            user = find_user(name)
            if user is None or not user.is_active:
                unknown.append(name[:30])
            elif user not in found:
                found.append(user)
        if unknown:
            raise forms.ValidationError(_("没有这些账号：{names}").format(names="、".join(unknown)))
        if not found:
            raise forms.ValidationError(_("请至少指定一名评审专家"))
        return found


class ApplicationForm(forms.Form):
    studio = forms.ModelChoiceField(
        label=_("工作室"),
        queryset=Studio.objects.none(),
        widget=FastSelect,
        help_text=_("申报中的工作室申请命名，已命名的申请复核确认；须先登记工作室并添加成员"),
        error_messages={"invalid_choice": _("请从列表中选择本工会的工作室")},
    )
    yearly_project = forms.CharField(
        label=_("年度攻关项目"),
        max_length=200,
        required=False,
        # suggestions: the studios' projects under way (a datalist; any title may be typed)
        widget=forms.TextInput(attrs={"list": "yearly-projects"}),
    )
    statement = forms.CharField(
        label=_("申报说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("申报材料"),
        help_text=_("PDF、JPG 或 PNG，1–{n} 个，每个不超过 {mb} MB"),
        error_messages={"required": _("请上传申报材料（PDF、JPG 或 PNG，1–5 个）")},
    )

    def __init__(self, *args, user, batch, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["studio"].queryset = (
            Studio.objects.editable_by(user)
            .filter(
                org_path__startswith=batch.org_path,
                kind__in=batch.kinds,
                state__in=[Studio.State.APPLYING, Studio.State.NAMED, Studio.State.RECTIFYING],
            )
            .exclude(org_path=batch.org_path)
            .exclude(applications__batch=batch)
            .select_related("enterprise")
            .order_by("enterprise__name", "name")
        )
        self.project_suggestions = (
            Project.objects.filter(
                studio__in=self.fields["studio"].queryset, state=Project.State.UNDERWAY
            )
            .select_related("studio")
            .order_by("studio__name", "title")
        )
        self.fields["files"].help_text = self.fields["files"].help_text.format(
            n=ApplicationFile.MAX_FILES, mb=max_mb
        )


class EndorseForm(forms.Form):
    opinion = forms.CharField(
        label=_("推荐意见"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScoreForm(forms.Form):
    """One field per item of the sheet, each bounded by the item's maximum."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            name, top = item.name, item.max_points
            self.fields[f"item_{item.pk}"] = FiniteDecimalField(
                label=_("{name}（满分 {max}）").format(name=name, max=top),
                error_messages={
                    "required": _("请填写「{name}」的得分").format(name=name),
                    "invalid": _("「{name}」请填写数字，如 12 或 12.5").format(name=name),
                    "max_value": _("「{name}」最高 {max} 分，请重新填写").format(
                        name=name, max=top
                    ),
                    "min_value": _("「{name}」最低 0 分，请重新填写").format(name=name),
                    "max_decimal_places": _("「{name}」最多保留一位小数，如 12.5").format(
                        name=name
                    ),
                    "max_digits": _("「{name}」最高 {max} 分，请重新填写").format(
                        name=name, max=top
                    ),
                    "max_whole_digits": _("「{name}」最高 {max} 分，请重新填写").format(
                        name=name, max=top
                    ),
                },
                min_value=0,
                max_value=item.max_points,
                max_digits=4,
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "decimal",
                        "step": str(batch_rules.SCORE_STEP),
                        "min": 0,
                        "max": item.max_points,
                        "data-points": "",  # counted by the running total (score_total.js)
                    }
                ),
            )

    def points(self) -> dict[int, Decimal]:
        return {int(k.removeprefix("item_")): v for k, v in self.cleaned_data.items()}


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("决定"),
        choices=[("1", _("通过")), ("0", _("不通过"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("理由"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmForm(forms.Form):
    """The confirmation of an irreversible step (发布公示, 命名): nothing to fill in; the page
    asks first (``data-confirm``)."""


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=200,
        help_text=_("公开核验页面将显示“已作废”和此原因。"),
    )


class PublicityForm(forms.Form):
    """The first day of the 公示: today (the local date, Asia/Shanghai) by default, or later."""

    first_day = EventDateField(label=_("公示开始日期"), required=False)

    def clean_first_day(self):
        today = timezone.localdate()
        day = self.cleaned_data["first_day"] or today
        if day < today:
            raise forms.ValidationError(
                _("不能早于今天（{today}），请选今天或以后的日期").format(today=today)
            )
        return day


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("异议内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(label=_("联系方式"), max_length=50, required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("答复"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    upheld = forms.BooleanField(label=_("异议成立（该申报将改为不通过）"), required=False)
