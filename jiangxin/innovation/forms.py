"""The studio pages' forms: the registry's filter, the showcase's filter, a studio's record, adding
and removing a member. Every number and date is bounded (``core.forms``); choices of enterprises,
workers and naming unions are limited to what the user may use, so a forged id is a message."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import path_and_ancestors, paths_q, reach_of
from jiangxin.core import bounds
from jiangxin.core.forms import EventDateField, FiniteDecimalField, PageField
from jiangxin.core.widgets import FastSelect
from jiangxin.innovation.models import Studio, StudioMember
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.workers.models import Worker


def _any(choices) -> list:
    return [("", _("全部")), *choices]


class RegistryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=_any(Studio.Kind.choices), required=False)
    level = forms.ChoiceField(
        label=_("命名级别"), choices=_any(Studio.Level.choices), required=False
    )
    state = forms.ChoiceField(label=_("状态"), choices=_any(Studio.State.choices), required=False)
    industry = forms.ModelChoiceField(
        label=_("行业"),
        queryset=Industry.objects.all(),
        required=False,
        empty_label=_("全部"),
        widget=FastSelect,
        error_messages={"invalid_choice": _("没有这个行业")},
    )
    page = PageField()


class ShowcaseFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=_any(Studio.Kind.choices), required=False)
    page = PageField()


def _label(worker: Worker) -> str:
    post = f" · {worker.job_post}" if worker.job_post else ""
    return f"{worker.name}{post} · {worker.get_skill_level_display()}"


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _label(obj)


class StudioForm(forms.Form):
    """A studio's record. The lead is chosen among the host enterprise's workers: the list
    follows the enterprise chosen (``?enterprise=`` on the page, HTMX swaps the field)."""

    name = forms.CharField(label=_("工作室名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Studio.Kind.choices)
    naming_level = forms.ChoiceField(label=_("命名级别"), choices=Studio.Level.choices)
    naming_body = forms.ModelChoiceField(
        label=_("命名单位"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=FastSelect,
        help_text=_("命名该工作室的总工会；不在本平台的（如全国总工会）可不选"),
        error_messages={"invalid_choice": _("请从列表中选择命名单位")},
    )
    enterprise = forms.ModelChoiceField(
        label=_("依托企业"),
        queryset=Enterprise.objects.none(),
        widget=FastSelect,
        error_messages={"invalid_choice": _("只能选择本工会范围内的企业")},
    )
    lead = WorkerChoiceField(
        label=_("领办人"),
        queryset=Worker.objects.none(),
        widget=FastSelect,
        help_text=_("从依托企业的职工名册中选择；荣誉和技能等级以名册为准"),
        error_messages={"invalid_choice": _("领办人须为依托企业名册中的职工")},
    )
    focus = forms.CharField(
        label=_("研究方向"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    floor_area = FiniteDecimalField(
        label=_("场所面积（平方米）"),
        required=False,
        min_value=bounds.FLOOR_AREA[0],
        max_value=bounds.FLOOR_AREA[1],
        max_digits=8,
        decimal_places=1,
    )
    founded = EventDateField(label=_("成立日期"))
    plaque_number = forms.CharField(label=_("牌匾编号"), max_length=40, required=False)
    state = forms.ChoiceField(label=_("状态"), choices=Studio.State.choices)
    named_on = EventDateField(label=_("命名日期"), required=False)
    delisted_on = EventDateField(label=_("摘牌（撤销）日期"), required=False)
    barred_until = EventDateField(label=_("不得再申报至"), required=False)

    def __init__(self, *args, user, enterprise_id: int | None = None, lead_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = Enterprise.objects.editable_by(user).select_related("union")
        self.fields["enterprise"].queryset = enterprises
        chosen = self.data.get("enterprise") if self.is_bound else enterprise_id
        chosen = chosen or self.initial.get("enterprise")
        if hasattr(chosen, "pk"):
            chosen = chosen.pk
        try:
            chosen_id = int(chosen) if chosen else None
        except (TypeError, ValueError):
            chosen_id = None
        if chosen_id is not None and not 0 < chosen_id <= bounds.MAX_ID:
            chosen_id = None
        self.fields["lead"].queryset = (
            Worker.objects.visible_to(user)
            .filter(enterprise_id=chosen_id)
            .order_by("-skill_level", "name_pinyin", "pk")
            if chosen_id
            else Worker.objects.none()
        )
        if lead_url:  # HTMX: choosing the enterprise refreshes the lead's list
            self.fields["enterprise"].widget.attrs.update(
                {
                    "hx-get": lead_url,
                    "hx-target": "#lead-field",
                    "hx-select": "#lead-field",
                    "hx-swap": "outerHTML",
                }
            )
        # naming unions: the federations above the user's nodes and those inside them
        reach = reach_of(user)
        federations = Organisation.objects.filter(kind__in=Organisation.FEDERATION_KINDS)
        if not reach.platform:
            above = {a for p in reach.edit_paths for a in path_and_ancestors(p)}
            federations = federations.filter(Q(path__in=above) | paths_q("path", reach.edit_paths))
        self.fields["naming_body"].queryset = federations.order_by("path")


class MemberForm(forms.Form):
    worker = WorkerChoiceField(
        label=_("职工"),
        queryset=Worker.objects.none(),
        widget=FastSelect,
        error_messages={"invalid_choice": _("请从依托企业的名册中选择职工")},
    )
    role = forms.ChoiceField(
        label=_("角色"), choices=StudioMember.Role.choices, initial=StudioMember.Role.MEMBER
    )
    joined = EventDateField(label=_("加入日期"))

    def __init__(self, *args, studio: Studio, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = studio.members.current().values("worker_id")
        self.fields["worker"].queryset = (
            Worker.objects.visible_to(user)
            .filter(enterprise_id=studio.enterprise_id)
            .exclude(pk=studio.lead_id)
            .exclude(pk__in=current)
            .order_by("name_pinyin", "pk")
        )


class MemberRemoveForm(forms.Form):
    left = EventDateField(label=_("退出日期"), required=False)
