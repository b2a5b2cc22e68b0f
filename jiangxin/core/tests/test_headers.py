"""Cookies and headers as production sets them (ASVS V3.3, 等保 session protection).

The cookie settings are read from ``jiangxin/settings.py`` run afresh under a production
environment (``DEBUG=0``; ``SECURE_COOKIES`` on, or off as bin/demo runs on plain http), then
put in force for the test, so a login through the real login page shows the cookies a browser
would get: ``__Host-`` names with Secure, path ``/`` and no Domain; HttpOnly and SameSite=Lax.
"""

import runpy
from pathlib import Path

import pytest
from django.urls import reverse

from jiangxin import factories as f

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "settings.py"


def _read_settings(monkeypatch, tmp_path, **env) -> dict:
    """The settings module's values under ``env`` (and no local env file)."""
    monkeypatch.setenv("LOCAL_ENV_FILE", str(tmp_path / "absent.env"))
    monkeypatch.setenv("SECRET_KEY", "production-like-secret-key-" + "x" * 40)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def _cookie_settings(monkeypatch, tmp_path, settings, **env) -> dict:
    values = _read_settings(monkeypatch, tmp_path, **env)
    cookies = {k: v for k, v in values.items() if k.startswith(("SESSION_COOKIE_", "CSRF_COOKIE_"))}
    for name in ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE"):
        cookies.setdefault(name, getattr(settings, name))  # Django's defaults when not set
    for name, value in cookies.items():
        setattr(settings, name, value)
    return cookies


def _log_in(client, *, secure: bool):
    page = client.get(reverse("login"), secure=secure)
    assert page.status_code == 200
    response = client.post(
        reverse("login"),
        {"username": "town_admin", "password": f.PASSWORD},
        secure=secure,
    )
    assert response.status_code == 302, response.content.decode()[:300]
    return page, response


def test_production_cookies_are_host_prefixed_secure_httponly_and_lax(
    cast, client, settings, monkeypatch, tmp_path
):
    values = _cookie_settings(
        monkeypatch, tmp_path, settings, DEBUG="0", SECURE_COOKIES="1", SECURE_SSL_REDIRECT="0"
    )
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    page, response = _log_in(client, secure=True)

    csrf = page.cookies["__Host-csrftoken"]
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        # What a browser demands of a __Host- cookie: Secure, Path=/, no Domain.
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
    assert "sessionid" not in response.cookies and "csrftoken" not in page.cookies
    # The app reads the session back under its new name: the user is logged in.
    home = client.get(reverse("token_list"), secure=True)
    assert home.status_code == 200
    assert "town_admin" in home.content.decode()


def test_the_http_demo_keeps_plain_names_without_secure(
    cast, client, settings, monkeypatch, tmp_path
):
    """bin/demo: DEBUG off on plain http (SECURE_COOKIES=0): a __Host- cookie would need Secure,
    which a browser drops on http, so the names stay plain and the login still works."""
    values = _cookie_settings(
        monkeypatch, tmp_path, settings, DEBUG="0", SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0"
    )
    assert values["SESSION_COOKIE_NAME"] == "sessionid"
    assert values["CSRF_COOKIE_NAME"] == "csrftoken"
    page, response = _log_in(client, secure=False)
    session = response.cookies["sessionid"]
    assert not session["secure"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert page.cookies["csrftoken"]["httponly"] is True
    assert client.get(reverse("token_list")).status_code == 200


def test_development_keeps_django_s_cookie_names(monkeypatch, tmp_path):
    values = _read_settings(monkeypatch, tmp_path, DEBUG="1")
    assert "SESSION_COOKIE_NAME" not in values  # Django's own: sessionid, csrftoken
    assert "CSRF_COOKIE_NAME" not in values


@pytest.mark.parametrize("url", ["/accounts/login/", "/verify/", "/static/core/app.css"])
def test_every_response_refuses_framing_and_device_features(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    features = dict(
        part.strip().split("=", 1) for part in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
