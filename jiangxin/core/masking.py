"""How personal data looks to someone who may not see it. Pure functions, no Django."""


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
