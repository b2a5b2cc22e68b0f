"""For browser tests: after the password, the second step the way a person does it. A user
who must enrol reads the secret off the enrolment page and types the code it gives; an
enrolled user's code comes from their secret."""

from __future__ import annotations

import base64

from django_otp.oath import totp


def code_for(secret_hex: str, drift: int = 0) -> str:
    return f"{totp(bytes.fromhex(secret_hex), drift=drift):06d}"


def second_factor(page, secret_hex: str | None = None, username: str | None = None) -> None:
    """``username``: an account enrolled earlier in the test (say, at another screen width),
    whose code comes from its device as the person's app would give it."""
    page.wait_for_load_state()
    if secret_hex is None and username and "/accounts/2fa/verify/" in page.url:
        from jiangxin.accounts.models import TotpDevice
        from jiangxin.accounts.twofactor import secret_of

        secret_hex = secret_of(TotpDevice.objects.get(user__username=username)).hex()
        # Its current code may have been used already in this half-minute (a code counts once):
        # the next one, which the check accepts a step early, as an app's clock ahead would give.
        page.get_by_label("动态验证码或恢复码").fill(code_for(secret_hex, drift=1))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()
        return
    if "/accounts/2fa/enrol/" in page.url:
        shown = page.locator("code").first.inner_text().strip()
        secret = base64.b32decode(shown + "=" * (-len(shown) % 8))
        page.get_by_label("动态验证码").fill(code_for(secret.hex()))
        page.get_by_role("button", name="启用").click()
        page.get_by_role("link", name="我已保存，继续").click()
        page.wait_for_load_state()
    elif "/accounts/2fa/verify/" in page.url and secret_hex:
        page.get_by_label("动态验证码或恢复码").fill(code_for(secret_hex))
        page.get_by_role("button", name="验证").click()
        page.wait_for_load_state()
