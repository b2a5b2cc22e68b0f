"""Shared by the innovation app's browser tests: the two sizes, a context signed in without the
login form (the test client's session, no second step), and the phone-width check."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def signed_in(browser, base, user, viewport):
    """A browser page signed in as ``user``; the irreversible steps' confirmations are accepted."""
    client = Client()
    client.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
