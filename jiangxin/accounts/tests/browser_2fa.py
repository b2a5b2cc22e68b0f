"""For browser tests: after the password, the second step the way a person does it. A user
who must enrol reads the secret off the enrolment page and types the code it gives; an
enrolled user's code comes from their secret."""

from __future__ import annotations

import base64

from django_otp.oath import totp


def code_for(secret_hex: str) -> str:
    return f"{totp(bytes.fromhex(secret_hex)):06d}"


def second_factor(page, secret_hex: str | None = None) -> None:
    page.wait_for_load_state()
    if "/accounts/2fa/enrol/" in page.url:
        shown = page.locator("code").first.inner_text().strip()
        secret = base64.b32decode(shown + "=" * (-len(shown) % 8))
        page.get_by_label("动态验证码或恢复码").fill(code_for(secret.hex()))
        page.get_by_role("button", name="启用").click()
        page.get_by_role("link", name="我已保存，继续").click()
        page.wait_for_load_state()
    elif "/accounts/2fa/verify/" in page.url and secret_hex:
        page.get_by_label("动态验证码或恢复码").fill(code_for(secret_hex))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()
