"""Usernames are never personal numbers. A username is shown in the audit log, the admin, the
axes records and to every admin who grants a role, so it must not be a mobile or an ID number
(or hold one): the validator on ``User.username`` refuses a name with a run of eleven or more
digits once its separators are taken out, and self-registration generates a name when the
worker leaves it blank. Login by mobile is unaffected (``backends.find_user`` looks the mobile
up by its keyed hash)."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_LONG_DIGITS = re.compile(r"[0-9]{11,}")
_SEPARATORS = re.compile(r"[\s._+@-]")
# Generated names: a fixed prefix (never all digits) and characters not easily confused.
PREFIX = "zg_"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def holds_personal_number(username: str) -> bool:
    """True for ``13812345678``, ``138-1234-5678``, ``+8613812345678``, ``li350582199001011234``."""
    return bool(_LONG_DIGITS.search(_SEPARATORS.sub("", username or "")))


@deconstructible
class NotPersonalNumberValidator:
    message = _("用户名不能是手机号码或身份证号码（也不能包含11位以上的连续数字），请换一个。")
    code = "personal_number"

    def __call__(self, value: str) -> None:
        if holds_personal_number(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NotPersonalNumberValidator)


def generate_username(taken) -> str:
    """``zg_`` and eight random characters, retried while ``taken(name)`` says it is in use."""
    while True:
        name = PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(8))
        if not taken(name):
            return name
