"""The assessment indicator sheet's form: the sheet's fields and its items as rows (a formset
with blank rows to add; a row whose name is cleared is removed). The service checks the items
as a whole (points summing to 100, read items' targets); the form checks each value."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.innovation.models import AssessmentSheet
from jiangxin.innovation.models.record import BAR_MONTHS, POINTS, RECTIFY_MONTHS, THRESHOLD, Source
from jiangxin.innovation.services_sheets import ItemRow
from jiangxin.organisations.models import Organisation

BLANK_ROWS = 3


class SheetForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    excellent_from = forms.DecimalField(
        label=_("优秀分数线（≥）"), min_value=THRESHOLD[0], max_value=THRESHOLD[1], decimal_places=2
    )
    pass_from = forms.DecimalField(
        label=_("合格分数线（≥）"), min_value=THRESHOLD[0], max_value=THRESHOLD[1], decimal_places=2
    )
    rectify_months = forms.IntegerField(
        label=_("不合格整改期（月）"), min_value=RECTIFY_MONTHS[0], max_value=RECTIFY_MONTHS[1]
    )
    bar_months = forms.IntegerField(
        label=_("摘牌后不得再申报（月）"), min_value=BAR_MONTHS[0], max_value=BAR_MONTHS[1]
    )

    def __init__(self, *args, user=None, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            from jiangxin.innovation import policies_sheets

            taken = AssessmentSheet.objects.current().values("organisation")
            nodes = [
                o
                for o in Organisation.objects.editable_by(user).exclude(pk__in=taken)
                if policies_sheets.can_keep_sheet(user, o)
            ]
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    label=_("工会"),
                    queryset=Organisation.objects.filter(pk__in=[o.pk for o in nodes]),
                    help_text=_("适用于该工会及下级工会的工作室（下级另有指标表的除外）"),
                    # one node to choose (the usual case): chosen already
                    empty_label=None if len(nodes) == 1 else "---------",
                ),
                **self.fields,
            }

    def clean(self):
        data = super().clean()
        low, high = data.get("pass_from"), data.get("excellent_from")
        if low is not None and high is not None and low >= high:
            self.add_error("pass_from", _("合格分数线须低于优秀分数线"))
        return data


class ItemForm(forms.Form):
    name = forms.CharField(label=_("指标"), max_length=100, required=False)
    max_points = forms.DecimalField(
        label=_("分值"), min_value=POINTS[0], max_value=POINTS[1], decimal_places=2, required=False
    )
    source = forms.ChoiceField(
        label=_("读取数据"),
        choices=[("", _("（考核人打分）")), *Source.choices],
        required=False,
    )
    target = forms.DecimalField(
        label=_("目标值"), min_value=0, max_value=10**6, decimal_places=2, required=False
    )
    per_missing = forms.DecimalField(
        label=_("每少一个单位扣分"), min_value=0, max_value=100, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip():
            others = [data.get(f) for f in ("max_points", "source", "target", "per_missing")]
            if any(v not in (None, "", Decimal(0)) for v in others):
                raise forms.ValidationError(_("请填写指标名称，或清空这一行"))
            return data
        if data.get("max_points") is None and "max_points" not in self.errors:
            self.add_error("max_points", _("请填写分值"))
        return data

    def row(self) -> ItemRow | None:
        data = self.cleaned_data
        name = (data.get("name") or "").strip()
        if not name:
            return None
        return ItemRow(
            name=name,
            max_points=data["max_points"],
            source=data.get("source") or "",
            target=data.get("target") or Decimal(0),
            per_missing=data.get("per_missing") or Decimal(0),
        )


class BaseItemFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # every row is read, even one left as it was shown (a blank row is valid and dropped)
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = False
        return form


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=BLANK_ROWS, max_num=40, validate_max=True
)


def item_initial(sheet: AssessmentSheet | None) -> list[dict]:
    if sheet is None:
        from jiangxin.innovation.models.record import default_items

        return [
            {
                "name": i.name,
                "max_points": i.max_points,
                "source": i.source or "",
                "target": i.target or None,
                "per_missing": i.per_missing or None,
            }
            for i in default_items()
        ]
    return [
        {
            "name": i.name,
            "max_points": i.max_points,
            "source": i.source,
            "target": i.target or None,
            "per_missing": i.per_missing or None,
        }
        for i in sheet.items.all()
    ]
