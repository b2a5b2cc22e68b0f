"""The model validators of ``core.bounds``' ranges, with Chinese messages that state the range.

On a model field they hold for every writer: a service's ``full_clean()`` (through
``audit.services.save_audited``), a ModelForm, the admin. They are deconstructible, so a
migration records them.
"""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds


def in_range(limits: tuple) -> list:
    """Validators for a number within ``limits`` (low, high), inclusive."""
    low, high = limits
    message = format_lazy(_("应在 {low}–{high} 之间"), low=low, high=high)
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


def date_range(
    earliest: datetime.date = bounds.EARLIEST_DATE, latest: datetime.date = bounds.LATEST_DATE
) -> list:
    """Validators for a date (or the date of a datetime) between ``earliest`` and ``latest``."""
    message = format_lazy(
        _("日期应在 {earliest} 至 {latest} 之间"), earliest=earliest, latest=latest
    )
    return [DateOnOrAfter(earliest, message=message), DateOnOrBefore(latest, message=message)]


def event_dates() -> list:
    return date_range(bounds.EARLIEST_EVENT, bounds.LATEST_EVENT)


def years(limits: tuple = (bounds.EARLIEST_YEAR, bounds.LATEST_YEAR)) -> list:
    low, high = limits
    message = format_lazy(_("年度应在 {low}–{high} 之间"), low=low, high=high)
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


class DateOnOrAfter(MinValueValidator):
    """A date (or a datetime, by its date) on or after the limit."""

    def clean(self, x):
        return _as_date(x)


class DateOnOrBefore(MaxValueValidator):
    def clean(self, x):
        return _as_date(x)
