"""Forms of the team pages: forming a team, the search over the union's workers (a GET form),
ticking several to enter, removing one, naming the leader."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.competitions.models import Delegation, Entry
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.models import Occupation, SkillLevel, Worker


class DelegationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("代表单位"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("请选择参赛队代表的单位"),
            "invalid_choice": _("请选择参赛队代表的单位"),
        },
    )
    name = forms.CharField(label=_("队名（可不填）"), max_length=60, required=False)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = nodes


class MemberSearchForm(forms.Form):
    """Which of the union's workers to list: by enterprise, occupation, level, name/pinyin."""

    q = forms.CharField(label=_("姓名、拼音或身份证号"), max_length=40, required=False)
    enterprise = forms.ModelChoiceField(
        label=_("工作单位"),
        queryset=Enterprise.objects.none(),
        required=False,
        empty_label=_("全部单位"),
        error_messages={"invalid_choice": _("请从列表中选择工作单位")},
    )
    occupation = forms.ModelChoiceField(
        label=_("职业（工种）"),
        queryset=Occupation.objects.none(),
        required=False,
        empty_label=_("全部职业"),
        error_messages={"invalid_choice": _("请从列表中选择职业")},
    )
    level = forms.TypedChoiceField(
        label=_("技能等级"),
        choices=[("", _("全部等级")), *SkillLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("请从列表中选择技能等级")},
    )

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        path = delegation.organisation.path
        self.fields["enterprise"].queryset = (
            Enterprise.objects.filter(workers__org_path__startswith=path)
            .distinct()
            .order_by("name")
        )
        self.fields["occupation"].queryset = (
            Occupation.objects.filter(workers__org_path__startswith=path)
            .distinct()
            .order_by("code")
        )

    def filter(self, workers):
        d = self.cleaned_data
        if d.get("q"):
            workers = workers.search(d["q"])
        if d.get("enterprise"):
            workers = workers.filter(enterprise=d["enterprise"])
        if d.get("occupation"):
            workers = workers.filter(occupation=d["occupation"])
        if d.get("level") is not None:
            workers = workers.filter(skill_level=d["level"])
        return workers


class MembersAddForm(forms.Form):
    workers = forms.ModelMultipleChoiceField(
        label=_("报名的职工"),
        queryset=Worker.objects.none(),
        error_messages={
            "required": _("请勾选要报名的职工"),
            "invalid_choice": _("勾选的职工不属于本单位，请重新搜索后勾选"),
            "invalid_pk_value": _("请重新搜索后勾选"),
        },
    )

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = Worker.objects.filter(
            org_path__startswith=delegation.organisation.path
        )


class LeaderForm(forms.Form):
    worker = forms.ModelChoiceField(
        label=_("领队"),
        queryset=Worker.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("领队须为本队队员")},
    )

    def __init__(self, *args, delegation: Delegation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = Worker.objects.filter(
            competition_entries__delegation=delegation
        )


def members_of(delegation: Delegation):
    return (
        Entry.objects.filter(delegation=delegation)
        .select_related("worker__enterprise", "worker__occupation")
        .order_by("order", "pk")
    )
