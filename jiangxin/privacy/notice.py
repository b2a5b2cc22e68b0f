"""The personal-information notice (个人信息处理规则): its current version and text.

The text of version N is the template ``privacy/notices/vN.html``, shipped with the code and
never edited once released: a change is a new file and a raised ``PRIVACY_NOTICE_VERSION``,
after which every account that accepts notices is asked again. A consent keeps the SHA-256 of
the text it accepted.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.checks import Error, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


def current_version() -> int:
    return settings.PRIVACY_NOTICE_VERSION


def text(version: int | None = None) -> str:
    """The notice's HTML as shown (a fragment, no layout)."""
    return render_to_string(f"privacy/notices/v{version or current_version()}.html")


def digest(version: int | None = None) -> str:
    return hashlib.sha256(text(version).encode()).hexdigest()


@register()
def notice_text_exists(app_configs, **kwargs):
    """A version without its text would ask everyone to accept an empty page."""
    version = current_version()
    try:
        get_template(f"privacy/notices/v{version}.html")
    except TemplateDoesNotExist:
        return [
            Error(
                f"PRIVACY_NOTICE_VERSION is {version} but privacy/notices/v{version}.html is missing.",
                hint="Add the notice's text as that template, or set the version back.",
                id="jiangxin.E101",
            )
        ]
    return []
