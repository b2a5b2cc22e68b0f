from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import reach_of
from jiangxin.core import stamps
from jiangxin.core.forms import BoundedDateField, PageField
from jiangxin.core.widgets import FastSelect
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.idnumber import looks_like_number_cell
from jiangxin.workers.models import Honour, Occupation, SkillLevel, Worker

MEMBER_KINDS = [Organisation.Kind.ENTERPRISE, Organisation.Kind.JOINT, Organisation.Kind.INDUSTRY]

# Spaces and dashes people type or paste between the groups of an ID number ("350582 19850612
# 1239", "350582-19850612-1239"), full-width ones included.
_ID_SEPARATORS = str.maketrans("", "", " \u3000\t-‐‑–—－")


class IdNumberField(forms.CharField):
    """A 公民身份号码 as typed or pasted: spaces and dashes are dropped and x becomes X, so the
    input is never cut at 18 characters; a number a spreadsheet wrote as a number
    ("3.50582E+17") gets the import's message. The checks of the number itself are the
    service's (``services.check_id_number``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)  # room for separators; the service checks 18
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # a browser would cut a pasted number with spaces
        attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "text"})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if looks_like_number_cell(value):
            raise forms.ValidationError(
                _(
                    "号码被存成了科学计数法（如 3.5E+17），已经失真；请把此列设为“文本”格式后重新输入"
                ),
                code="number_cell",
            )
        return value.translate(_ID_SEPARATORS).upper()


class WorkerForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = IdNumberField(
        label=_("公民身份号码"), help_text=_("18位；性别和出生日期由号码自动得出")
    )
    mobile = forms.CharField(label=_("手机号码"), max_length=14, required=False)
    organisation = forms.ModelChoiceField(
        label=_("所属工会"), queryset=Organisation.objects.none(), empty_label=_("请选择")
    )
    enterprise = forms.ModelChoiceField(
        label=_("工作单位"),
        queryset=Enterprise.objects.none(),
        required=False,
        empty_label=_("无（如平台劳动者）"),
    )
    employment_form = forms.ChoiceField(label=_("用工形式"), choices=Worker.EmploymentForm.choices)
    platform_name = forms.CharField(
        label=_("平台名称"),
        max_length=50,
        required=False,
        help_text=_("新就业形态劳动者填写，如 美团、顺丰"),
    )
    occupation = forms.ModelChoiceField(
        label=_("职业（工种）"),
        queryset=Occupation.objects.all(),
        required=False,
        empty_label=_("未填写"),
    )
    job_post = forms.CharField(label=_("岗位"), max_length=50, required=False)
    workshop = forms.CharField(label=_("车间（班组）"), max_length=50, required=False)
    post_category = forms.ChoiceField(
        label=_("岗位类别"), choices=Worker.PostCategory.choices, required=False
    )
    skill_level = forms.TypedChoiceField(
        label=_("技能等级"), choices=SkillLevel.choices, coerce=int
    )
    front_line = forms.BooleanField(label=_("一线职工"), required=False, initial=True)
    start_date = BoundedDateField(label=_("入职日期"), required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.editable_by(user).filter(
            kind__in=MEMBER_KINDS
        )
        self.fields["enterprise"].queryset = Enterprise.objects.editable_by(user)
        if editing:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("不修改请留空")
            self.fields["mobile"].help_text = _("不修改请留空")


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["kind", "level", "title", "year"]


class WorkerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("姓名 / 拼音 / 首字母"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("如 chen 或 czw")}),
    )
    # Plain (id, name) choices: a filter bar lists every enterprise of a town, and a
    # ModelChoiceField would build a model instance for each on every page view.
    organisation = forms.TypedChoiceField(
        label=_("工会"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    enterprise = forms.TypedChoiceField(
        label=_("企业"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    occupation = forms.TypedChoiceField(
        label=_("职业"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    skill_level = forms.TypedChoiceField(
        label=_("技能等级"),
        choices=[("", _("全部")), *SkillLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
        widget=FastSelect,
    )
    honour = forms.ChoiceField(
        label=_("荣誉"),
        choices=[("", _("全部")), *Honour.Kind.choices],
        required=False,
        widget=FastSelect,
    )
    employment_form = forms.ChoiceField(
        label=_("用工形式"),
        choices=[("", _("全部")), *Worker.EmploymentForm.choices],
        required=False,
        widget=FastSelect,
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        choices=[("", _("全部")), *Worker.Gender.choices],
        required=False,
        widget=FastSelect,
    )
    # Not shown in the filter bar: the page of the list, and the export's choice.
    page = PageField()
    unmasked = forms.BooleanField(label=_("完整信息"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, stamp: int, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("全部"))]
        reach = reach_of(user)
        scope = "platform" if reach.platform else ",".join(reach.view_paths)
        choices = stamps.cached(
            stamps.ROSTER, stamp, f"worker-filter:{scope}", lambda: _filter_choices(user)
        )
        self.organisations = {pk: path for pk, path, _name in choices["organisations"]}
        self.fields["organisation"].choices = everyone + [
            (pk, name) for pk, _path, name in choices["organisations"]
        ]
        self.fields["enterprise"].choices = everyone + choices["enterprises"]
        self.fields["occupation"].choices = everyone + choices["occupations"]
        self.names = {
            "organisation": {pk: name for pk, _path, name in choices["organisations"]},
            "enterprise": dict(choices["enterprises"]),
            "occupation": dict(choices["occupations"]),
        }

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name not in ("page", "unmasked")]

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") or 1) if self.is_valid() else 1

    @property
    def wants_unmasked(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("unmasked"))

    def described(self) -> list[tuple[str, str]]:
        """The filters set, as (label, value) in words: what an export will hold."""
        if not self.is_valid():
            return []
        shown = []
        for field in self.visible_fields():
            value = self.cleaned_data.get(field.name)
            if value is None or value == "":
                continue
            choices = {str(k): v for k, v in getattr(field.field, "choices", ())}
            shown.append((str(field.label), str(choices.get(str(value), value))))
        return shown

    def apply(self, qs):
        """Narrow a worker queryset by the valid filters (none when any is invalid: the page
        then shows the whole list with the form's message on the bad field)."""
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["q"]:
            qs = qs.search(d["q"])
        if d["organisation"] is not None:
            qs = qs.filter(org_path__startswith=self.organisations[d["organisation"]])
        if d["enterprise"] is not None:
            qs = qs.filter(enterprise_id=d["enterprise"])
        if d["occupation"] is not None:
            qs = qs.filter(occupation_id=d["occupation"])
        if d["skill_level"] is not None:
            qs = qs.filter(skill_level=d["skill_level"])
        if d["honour"]:
            qs = qs.filter(honours__kind=d["honour"]).distinct()
        if d["employment_form"]:
            qs = qs.filter(employment_form=d["employment_form"])
        if d["gender"]:
            qs = qs.filter(gender=d["gender"])
        return qs


def _filter_choices(user) -> dict[str, list]:
    return {
        # Federations and joint/industry unions; enterprise unions are chosen by enterprise.
        "organisations": list(
            Organisation.objects.visible_to(user)
            .filter(
                kind__in=[
                    *Organisation.FEDERATION_KINDS,
                    Organisation.Kind.JOINT,
                    Organisation.Kind.INDUSTRY,
                ]
            )
            .order_by("path")
            .values_list("pk", "path", "name")
        ),
        "enterprises": list(
            Enterprise.objects.visible_to(user).order_by("name").values_list("pk", "name")
        ),
        "occupations": list(Occupation.objects.values_list("pk", "name")),
    }
