"""A request while the database is away gets the Chinese "系统繁忙，请稍后再试" page (503, with
Retry-After and the request id) — or, under /api/, a 503 JSON {detail} — never a 500; wherever
the error is raised: a view's query, the session read by the login middleware, an API token."""

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin.accounts.services import create_api_token
from jiangxin.ops.tests.outage import database_away

BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def _busy_page(response) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert 'class="topbar"' in body and 'data-testid="error-page"' in body
    assert "系统繁忙，请稍后再试" in body
    for fault in ("Traceback", "OperationalError", "unable to open", "Server Error"):
        assert fault not in body
    assert f"请求编号 <code>{response['X-Request-ID']}</code>" in body
    return body


def test_a_public_page_that_reads_the_database(outage):
    response = Client(raise_request_exception=False).get(reverse("public_results_list"))
    _busy_page(response)


def test_a_logged_in_user_whose_session_cannot_be_read(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast["town_admin"], backend=BACKEND)
    assert client.get(reverse("worker_list")).status_code == 200
    with database_away():
        # The session row is read by the login middleware, before any view runs.
        _busy_page(client.get(reverse("worker_list")))
    assert client.get(reverse("worker_list")).status_code == 200  # back as soon as it is


def test_a_form_posted_during_the_outage(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast["town_admin"], backend=BACKEND)
    with database_away():
        _busy_page(client.post(reverse("enterprise_new"), {"name": "新企业"}))


def test_the_api_answers_503_json(cast):
    _row, token = create_api_token(by=cast["town_admin"], name="同步")
    client = Client(raise_request_exception=False, headers={"authorization": f"Bearer {token}"})
    assert client.get("/api/v1/me").status_code == 200
    with database_away():
        response = client.get("/api/v1/me")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {"detail": "系统繁忙，请稍后再试。", "errors": {}}


def test_an_error_that_is_not_the_database_is_still_a_500(db):
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="jiangxin.core.tests.error_urls"):
        response = Client(raise_request_exception=False).get("/test-errors/500/")
    assert response.status_code == 500
    assert "Retry-After" not in response
