"""How personal data looks to someone who may not see it. Pure functions, no Django."""

import re

# A mainland mobile or a resident ID number (18 characters, or the old 15 digits) standing alone
# in a text: not part of a longer run of digits.
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")


def mask_id_number(value: str) -> str:
    """``350582199001011234`` → ``350582********1234`` (region and last four stay)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """``柯宝馨`` → ``柯**``; used on public pages where the organiser asks for it."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


def mask_personal_numbers(text: str) -> str:
    """Every mobile and ID number inside ``text`` masked, the rest unchanged: for free texts that
    may hold one (an audit entry's actor, object, or a login name someone typed)."""
    if not text:
        return text
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text)
    return _MOBILE.sub(lambda m: mask_mobile(m.group()), text)


def mask_personal_numbers_in(value):
    """``mask_personal_numbers`` through the strings of a JSON-like value (dicts, lists)."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {key: mask_personal_numbers_in(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_personal_numbers_in(item) for item in value]
    return value
