"""The studio pages' forms: the registry's filter, the showcase's filter, a studio's record, adding
and removing a member. Every number and date is bounded (``core.forms``); choices of enterprises,
workers and naming unions are limited to what the user may use, so a forged id is a message."""

from __future__ import annotations

from django import forms
from django.db.models import Case, Prefetch, Value, When
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds
from jiangxin.core.forms import (
    EventDateField,
    FiniteDecimalField,
    MultipleFileField,
    PageField,
    bounded_integer,
)
from jiangxin.core.widgets import FastSelect
from jiangxin.innovation import qualification
from jiangxin.innovation.models import LeadRule, NamingEvidence, Studio, StudioMember
from jiangxin.innovation.models.studios import names
from jiangxin.organisations.models import Enterprise, Industry
from jiangxin.workers.models import Honour, Worker


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
    warning = forms.ChoiceField(
        label=_("预警"),
        choices=[("", _("全部")), ("yes", _("12个月无成果"))],
        required=False,
    )
    # Set by the registry's 成果（按年份） table (each year's row links the studios counted),
    # kept through the other filters as a hidden field; the page says it is on and clears it.
    output_year = bounded_integer(
        _("成果年份"),
        (bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR),
        required=False,
        widget=forms.HiddenInput,
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


class LeadChoiceField(WorkerChoiceField):
    """The host's workers, each with their honours from the roster and whether they meet the
    chosen kind's lead rule (``verdicts``, set by the form: one rule read, honours prefetched)."""

    verdicts: dict = {}

    def label_from_instance(self, obj):
        honours = "、".join(h.display() for h in obj.honours.all()) or _("无荣誉")
        verdict = self.verdicts.get(obj.pk)
        mark = "" if verdict is None else (_("符合") if verdict else _("不符合"))
        return " · ".join(str(p) for p in (_label(obj), honours, mark) if p)


class StudioForm(forms.Form):
    """A studio's record. The lead is chosen among the host enterprise's workers: the list
    follows the enterprise chosen (``?enterprise=`` on the page, HTMX swaps the field)."""

    name = forms.CharField(label=_("工作室名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=Studio.Kind.choices)
    # The level applied for while 申报中 (no default: 全国级 first in the list would be a trap);
    # once named, the naming's level, shown on the page and not on the form.
    naming_level = forms.ChoiceField(
        label=_("拟申报命名级别"),
        choices=[("", _("请选择")), *Studio.Level.choices],
        error_messages={"required": _("请选择拟申报的命名级别")},
    )
    enterprise = forms.ModelChoiceField(
        label=_("依托企业"),
        queryset=Enterprise.objects.none(),
        widget=FastSelect,
        error_messages={"invalid_choice": _("只能选择本工会范围内的企业")},
    )
    lead = LeadChoiceField(
        label=_("领办人"),
        queryset=Worker.objects.none(),
        widget=FastSelect,
        help_text=_(
            "从依托企业的职工名册中选择，符合所选类别条件的排在前面；荣誉和技能等级以名册为准"
        ),
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

    def __init__(
        self,
        *args,
        user,
        enterprise_id: int | None = None,
        kind: str = "",
        lead_url: str = "",
        **kwargs,
    ):
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
        kind = (self.data.get("kind") if self.is_bound else kind) or self.initial.get("kind")
        self._leads(user, chosen_id, kind if kind in Studio.Kind.values else "")
        if lead_url:  # HTMX: choosing the enterprise or the kind refreshes the lead's list
            for name in ("enterprise", "kind"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": lead_url,
                        "hx-include": "[name=enterprise],[name=kind]",
                        "hx-target": "#lead-field",
                        "hx-select": "#lead-field",
                        "hx-swap": "outerHTML",
                        # a later choice replaces a request still under way (no stale list)
                        "hx-sync": "closest form:replace",
                    }
                )

    def _leads(self, user, enterprise_id: int | None, kind: str) -> None:
        """The lead list: the enterprise's workers, those meeting ``kind``'s rule first."""
        field = self.fields["lead"]
        if not enterprise_id:
            field.queryset = Worker.objects.none()
            return
        workers = (
            Worker.objects.visible_to(user)
            .filter(enterprise_id=enterprise_id)
            .prefetch_related(Prefetch("honours", queryset=Honour.objects.order_by("-year")))
        )
        order = ["-skill_level", "name_pinyin", "pk"]
        field.verdicts = {}
        if kind:
            rule, words = LeadRule.rule_for(kind), names()
            for worker in workers:
                held = [
                    qualification.Held(kind=h.kind, level=h.level, label=h.display())
                    for h in worker.honours.all()
                ]
                verdict = qualification.qualify(rule, held, worker.skill_level, words)
                field.verdicts[worker.pk] = verdict.qualified
            fit = [pk for pk, ok in field.verdicts.items() if ok]
            order.insert(0, Case(When(pk__in=fit, then=Value(0)), default=Value(1)))
        field.queryset = workers.order_by(*order)


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


class ExistingNamingForm(forms.Form):
    """登记既有命名: a naming made before the platform or by a body outside it. The bodies
    offered are the platform's federations above the studio the user may record for."""

    naming_level = forms.ChoiceField(
        label=_("命名级别"),
        choices=[("", _("请选择")), *Studio.Level.choices],
        error_messages={"required": _("请选择命名级别")},
    )
    naming_body = forms.ModelChoiceField(
        label=_("命名单位"),
        queryset=Worker.objects.none(),
        required=False,
        widget=FastSelect,
        empty_label=_("不在本平台（在下面填写名称）"),
        error_messages={"invalid_choice": _("请从列表中选择命名单位")},
    )
    outside_body = forms.CharField(
        label=_("命名单位名称（不在本平台时）"),
        max_length=60,
        required=False,
        help_text=_("如“全国总工会”"),
    )
    named_on = EventDateField(label=_("命名日期"))
    plaque_number = forms.CharField(label=_("牌匾编号"), max_length=40, required=False)
    note = forms.CharField(
        label=_("命名依据"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("命名文件的名称和文号，或其他可查证的依据"),
        error_messages={"required": _("请写明命名依据，如命名文件的名称和文号")},
    )
    files = MultipleFileField(
        label=_("命名文件"),
        help_text=_("命名文件、牌匾照片等，PDF、JPG 或 PNG，1–{n} 个，每个不超过 {mb} MB"),
        error_messages={"required": _("请上传命名文件或牌匾照片（PDF、JPG 或 PNG，1–5 个）")},
    )

    def __init__(self, *args, bodies, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naming_body"].queryset = bodies
        self.fields["files"].help_text = self.fields["files"].help_text.format(
            n=NamingEvidence.MAX_FILES, mb=max_mb
        )

    def clean(self):
        data = super().clean()
        if "naming_body" in data and data["naming_body"] is None:
            if not data.get("outside_body", "").strip():
                self.add_error("outside_body", _("请填写命名单位名称，如“全国总工会”"))
        elif data.get("naming_body") is not None:
            data["outside_body"] = ""
        return data


class RevokeNamingForm(forms.Form):
    """撤销命名: the reason, shown on the studio's 大事记 and, with the certificates, on the
    public check."""

    reason = forms.CharField(
        label=_("撤销原因"),
        max_length=180,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如“申报材料弄虚作假”。记入工作室大事记，公开核验证书时显示。"),
        error_messages={"required": _("请写明撤销命名的原因，如“申报材料弄虚作假”")},
    )
