"""Shared form helpers: a service's errors shown on a form or as messages, the bounded
fields every number and date a form takes goes through (``core.bounds``' ranges), a list's
status filter, and a field taking several documents from one input."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds, validators


def apply_errors(form, err: ValidationError) -> None:
    """Put a service's ValidationError onto the form: field errors by field, the rest on top."""
    if hasattr(err, "error_dict"):
        for field, errors in err.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in err.messages:
            form.add_error(None, message)


def query_form(form_class, request, *args, **kwargs):
    """A GET form bound to the query string, or unbound (its initial values) when there is none.
    The view reads ``values(form)``: the cleaned values, or for a bad one its initial value."""
    data = request.GET if request.GET else None
    return form_class(data, *args, **kwargs)


def values(form) -> dict:
    """A query form's values: what was given and valid, else each field's initial value."""
    out = {name: form.get_initial_for_field(f, name) for name, f in form.fields.items()}
    if form.is_bound:
        form.is_valid()
        for name in form.fields:
            if name not in form.errors and name in form.cleaned_data:
                value = form.cleaned_data[name]
                if value not in (None, ""):
                    out[name] = value
    return out


def query_errors(form) -> list[str]:
    """The messages of a query form's bad values, each naming its field."""
    if not form.is_bound or form.is_valid():
        return []
    return [
        _("{label}：{message}").format(label=form.fields[name].label or name, message=message)
        for name, messages in form.errors.items()
        for message in messages
    ]


def message_errors(request, err: ValidationError) -> None:
    """Show a service's ValidationError as error messages on the next page."""
    from django.contrib import messages

    for message in err.messages:
        messages.error(request, message)


# --- the bounded fields: each number and date a form takes is within ``core.bounds`` ----------


class FiniteDecimalField(forms.DecimalField):
    """A number as typed; "NaN", "inf" and the like are refused with the field's own message."""

    def to_python(self, value):
        number = super().to_python(value)
        if isinstance(number, Decimal) and not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def bounded_integer(label, limits: tuple, **kwargs) -> forms.IntegerField:
    """An integer field within ``limits``, its messages in Chinese naming the range."""
    low, high = limits
    out_of_range = format_lazy(_("{label}应在 {low}–{high} 之间"), label=label, low=low, high=high)
    messages = {
        "invalid": format_lazy(_("{label}应为整数"), label=label),
        "min_value": out_of_range,
        "max_value": out_of_range,
        **kwargs.pop("error_messages", {}),
    }
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, error_messages=messages, **kwargs
    )


class BoundedDateField(forms.DateField):
    """A date within the platform's range (``bounds.EARLIEST_DATE``–``LATEST_DATE`` unless
    narrower): the year 0227 or 8348 is a message on the field, never a stored date."""

    def __init__(self, *, earliest=bounds.EARLIEST_DATE, latest=bounds.LATEST_DATE, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        error_messages = {"invalid": _("日期应写成 2025-03-01 的样子")}
        error_messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=error_messages, **kwargs)
        self.validators.extend(validators.date_range(earliest, latest))
        self.widget.attrs.setdefault("min", earliest.isoformat())
        self.widget.attrs.setdefault("max", latest.isoformat())


class EventDateField(BoundedDateField):
    """A date of the programme's events (2000–2100)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("earliest", bounds.EARLIEST_EVENT)
        kwargs.setdefault("latest", bounds.LATEST_EVENT)
        super().__init__(**kwargs)


class PageField(forms.IntegerField):
    """``?page=``: a positive integer. A number past ``bounds.MAX_PAGE`` is taken as that page
    (the paginator then shows the last page), so no huge number reaches an OFFSET."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("label", _("页码"))
        kwargs.setdefault("widget", forms.HiddenInput)
        messages = {"invalid": _("页码应为正整数"), "min_value": _("页码应为正整数")}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text.isdigit() and len(text) > len(str(bounds.MAX_PAGE)):
            return bounds.MAX_PAGE
        number = super().to_python(value)
        return min(number, bounds.MAX_PAGE) if number is not None else None


class StatusFilterForm(forms.Form):
    """A list's ``?status=`` filter: one of ``statuses``' values, ``default`` when none is given.
    An unknown status is an error on the form (shown above the list) and the list shows
    ``default`` — never every status. A subclass names ``statuses`` and ``default``."""

    statuses: type[models.TextChoices]
    default: str

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        error_messages={"invalid_choice": _("没有这个状态，请从列表中选择")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = self.statuses.choices  # type: ignore[attr-defined]

    @property
    def status_value(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return self.default


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several documents from one input (Django's documented pattern), offered as PDF, JPG or
    PNG; the list is checked by the service (``core.uploads.check_documents``: count, size,
    content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d] or single(None, initial)
        return [single(data, initial)]
