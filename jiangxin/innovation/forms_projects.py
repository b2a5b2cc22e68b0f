"""The forms of a studio's projects and subsidies. Numbers and dates are bounded
(``core.forms``); the team picker offers only the workers the user may see
(``services_projects.team_candidates``), so a forged id is a message on the field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds
from jiangxin.core.forms import EventDateField, FiniteDecimalField, PageField, bounded_integer
from jiangxin.core.uploads import check_document_upload
from jiangxin.core.widgets import FastSelect
from jiangxin.innovation.forms import WorkerChoiceField
from jiangxin.innovation.models import Milestone, Project, SubsidyGrant
from jiangxin.innovation.models.projects import WAN, YUAN
from jiangxin.innovation.services_projects import FILE_MAX_BYTES, team_candidates
from jiangxin.organisations.models import Organisation

YEARS = (bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR)


def _wan(label, **kwargs) -> FiniteDecimalField:
    return FiniteDecimalField(
        label=label,
        min_value=WAN[0],
        max_value=WAN[1],
        max_digits=9,
        decimal_places=2,
        **kwargs,
    )


def _yuan(label) -> FiniteDecimalField:
    return FiniteDecimalField(
        label=label, min_value=YUAN[0], max_value=YUAN[1], max_digits=12, decimal_places=2
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=100)
    goal = forms.CharField(
        label=_("攻关目标"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = EventDateField(label=_("开始日期"))
    end = EventDateField(label=_("计划完成日期"))
    budget_wan = _wan(_("预算（万元）"), initial=0)
    spent_wan = _wan(_("已支出（万元）"), initial=0)
    outcome = forms.CharField(
        label=_("攻关成果"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    saving_wan = _wan(_("创效（万元）"), required=False)
    method = forms.CharField(label=_("形成的操作法/工法"), max_length=100, required=False)
    patent_numbers = forms.CharField(
        label=_("相关专利号"),
        max_length=200,
        required=False,
        help_text=_("多个专利号用逗号分隔，如 ZL202410123456.7"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("计划完成日期不能早于开始日期"))
        for key in ("budget_wan", "spent_wan"):
            if data.get(key) is None and key not in self.errors:
                data[key] = 0
        return data


class ProjectCloseForm(forms.Form):
    closed_on = EventDateField(label=_("结题日期"), required=False)


class TeamMemberForm(forms.Form):
    worker = WorkerChoiceField(
        label=_("职工"),
        queryset=None,
        widget=FastSelect,
        error_messages={"invalid_choice": _("只能从您可查看的职工名册或工作室成员中选择")},
    )
    task = forms.CharField(label=_("分工"), max_length=100, required=False)

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (
            team_candidates(user, project.studio)
            .exclude(pk=project.studio.lead_id)
            .exclude(pk__in=project.team.values("worker_id"))
            .select_related("enterprise")
            .order_by("enterprise__name", "name_pinyin", "pk")
        )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点"), max_length=100)
    due = EventDateField(label=_("计划完成日期"))
    state = forms.ChoiceField(
        label=_("状态"), choices=Milestone.State.choices, initial=Milestone.State.PLANNED
    )
    done_on = EventDateField(
        label=_("完成日期"), required=False, help_text=_("状态为“完成”时填写，不填则为今天")
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("state") == Milestone.State.DONE and not data.get("done_on"):
            data["done_on"] = timezone.localdate()
        if data.get("state") and data["state"] != Milestone.State.DONE:
            data["done_on"] = None
        return data


class ProjectFileForm(forms.Form):
    file = forms.FileField(
        label=_("附件"),
        help_text=_("PDF、JPG 或 PNG，不超过 10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_document_upload(upload, max_bytes=FILE_MAX_BYTES)
        return upload


class GrantForm(forms.Form):
    year = bounded_integer(_("年度"), YEARS)
    kind = forms.ChoiceField(label=_("类别"), choices=SubsidyGrant.Kind.choices)
    amount = _yuan(_("金额（元）"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class SpendingForm(forms.Form):
    year = bounded_integer(_("补助年度"), YEARS)
    spent_on = EventDateField(label=_("支出日期"))
    item = forms.CharField(label=_("支出事项"), max_length=100)
    amount = _yuan(_("金额（元）"))
    voucher = forms.CharField(
        label=_("凭证说明"), max_length=200, required=False, help_text=_("如：发票号、记账凭证号")
    )
    project = forms.ModelChoiceField(
        label=_("攻关项目"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("（不属于攻关项目）"),
        help_text=_("用于某个攻关项目的支出：日期不能早于项目开始日期"),
        error_messages={"invalid_choice": _("只能选择本工作室的攻关项目")},
    )

    def __init__(self, *args, studio, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = studio.projects.order_by("-start", "pk")


class StatementForm(forms.Form):
    """``?year=&node=`` of the statement: a year, and a node of the user's reach (default: their
    own top node)."""

    year = bounded_integer(_("年度"), YEARS, required=False)
    node = forms.ModelChoiceField(
        label=_("工会"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=FastSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("只能选择本工会及下级工会")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        federations = Organisation.objects.visible_to(user).filter(
            kind__in=Organisation.FEDERATION_KINDS
        )
        self.fields["node"].queryset = federations.order_by("path")
        self.fields["year"].initial = timezone.localdate().year
        first = federations.order_by("path").first()
        self.fields["node"].initial = first.pk if first else None


class OverdueFilterForm(forms.Form):
    page = PageField()
