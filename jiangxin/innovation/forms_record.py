"""Forms of the living record: a quarterly report (filed on a phone), an output, an assessment
(one field per item the assessor scores, bounded by its points). Every number and date is
bounded (``core.forms``); the services check the rest."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jiangxin.core.forms import EventDateField, FiniteDecimalField, bounded_integer
from jiangxin.innovation import assessing
from jiangxin.innovation.models import QuarterlyReport, StudioOutput
from jiangxin.innovation.models.record import BENEFIT_WAN, EVENT_YEARS, PEOPLE, TALLY


def _text(label, limit, *, required=True, rows=4):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReportEditForm(forms.Form):
    summary = _text(_("本季度工作情况"), 4000, rows=6)
    activities = bounded_integer(_("开展活动（次）"), TALLY, initial=0)
    participants = bounded_integer(_("参与职工（人次）"), TALLY, initial=0)
    problems_solved = bounded_integer(_("解决技术难题（项）"), TALLY, initial=0)
    next_plan = _text(_("下季度计划"), 2000, required=False, rows=3)


class ReportForm(ReportEditForm):
    year = bounded_integer(_("年度"), EVENT_YEARS)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=QuarterlyReport._meta.get_field("quarter").choices,
        coerce=int,
    )
    field_order = ["year", "quarter"]

    def __init__(self, *args, studio=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.studio = studio

    @staticmethod
    def initial_for_today(studio=None) -> dict:
        """The latest quarter begun that the studio has not filed yet (this one, or the one
        before…, back to its naming year); the current one when every quarter is filed."""
        today = timezone.localdate()
        year, quarter = today.year, (today.month - 1) // 3 + 1
        if studio is not None:
            filed = set(studio.reports.values_list("year", "quarter"))
            first = studio.named_on.year if studio.named_on else year
            y, q = year, quarter
            while y >= first:
                if (y, q) not in filed:
                    return {"year": y, "quarter": q}
                y, q = (y - 1, 4) if q == 1 else (y, q - 1)
        return {"year": year, "quarter": quarter}

    def clean(self):
        """A quarter already filed is said on the quarter's field together with any other
        error, with a link to the report to change."""
        data = super().clean()
        year, quarter = data.get("year"), data.get("quarter")
        if self.studio is not None and year and quarter:
            report = self.studio.reports.filter(year=year, quarter=quarter).first()
            if report is not None:
                url = reverse("studio_report_detail", args=[self.studio.pk, report.pk])
                self.add_error(
                    "quarter",
                    format_html(
                        _(
                            '{label}的报告已填报，请在原报告上修改：<a href="{url}">打开{label}报告</a>'
                        ),
                        label=report.label,
                        url=url,
                    ),
                )
        return data


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("成果类别"), choices=StudioOutput.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    date = EventDateField(label=_("日期"), help_text=_("授权、发表、发布、获奖或产生效益的日期"))
    patent_kind = forms.ChoiceField(
        label=_("专利类型"),
        choices=[("", "—"), *StudioOutput.PatentKind.choices],
        required=False,
    )
    number = forms.CharField(
        label=_("编号"), max_length=40, required=False, help_text=_("专利号、标准号或刊号")
    )
    status = forms.ChoiceField(
        label=_("专利状态"),
        choices=[("", "—"), *StudioOutput.PatentStatus.choices],
        required=False,
    )
    benefit_wan = FiniteDecimalField(
        label=_("经济效益（万元）"),
        required=False,
        min_value=BENEFIT_WAN[0],
        max_value=BENEFIT_WAN[1],
        max_digits=12,
        decimal_places=2,
    )
    people_trained = bounded_integer(_("培训人次"), PEOPLE, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class ConfirmForm(forms.Form):
    """A POST that carries nothing but its token (accept, delete)."""


class AssessmentForm(forms.Form):
    """The year (for an annual assessment) and a points field per manual item of the sheet."""

    year = bounded_integer(_("考核年度"), EVENT_YEARS)
    note = _text(_("考核意见"), 1000, required=False, rows=3)

    def __init__(self, *args, items: list[assessing.Item], recheck_year: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        if recheck_year is not None:
            self.fields["year"].initial = recheck_year
            self.fields["year"].disabled = True
        self.manual_items = [i for i in items if not i.source]
        for item in self.manual_items:
            self.fields[f"item_{item.key}"] = FiniteDecimalField(
                label=item.name,
                min_value=Decimal(0),
                max_value=item.max_points,
                max_digits=5,
                decimal_places=2,
                help_text=_("0–{top} 分").format(top=item.max_points),
                # counted by the running total (running_total.js)
                widget=forms.NumberInput(
                    attrs={"inputmode": "decimal", "max": item.max_points, "data-points": ""}
                ),
            )

    def manual(self) -> dict[str, Decimal]:
        return {i.key: self.cleaned_data[f"item_{i.key}"] for i in self.manual_items}

    def entered(self) -> dict[str, Decimal]:
        """The assessor's points entered so far and valid (a bound form, valid or not): the
        page shows the others as 待评."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            i.key: self.cleaned_data[f"item_{i.key}"]
            for i in self.manual_items
            if self.cleaned_data.get(f"item_{i.key}") is not None
        }

    def manual_fields(self):
        return [self[f"item_{i.key}"] for i in self.manual_items]
