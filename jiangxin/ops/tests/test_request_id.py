"""Every response carries a request id — the proxy's, when it is sane, or a new one — and every
error page prints it ("请求编号 …") so a user can quote it to the administrator."""

import re

import pytest
from django.test import Client
from django.urls import reverse

HEX16 = re.compile(r"^[0-9a-f]{16}$")


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "jiangxin.core.tests.error_urls"


def test_a_new_id_for_each_request():
    first, second = Client().get("/healthz"), Client().get("/healthz")
    assert HEX16.match(first["X-Request-ID"]) and HEX16.match(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_id_is_kept():
    incoming = "8f14e45f-ceea-467a-9575-c3b8a1c0e7d1"
    response = Client().get("/healthz", headers={"x-request-id": incoming})
    assert response["X-Request-ID"] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "short",
        "x" * 65,
        "abc def 12345",
        "abcdefgh\r\nX-Evil: 1",
        "<script>1234</script>",
        "编号一二三四五六七八",
    ],
)
def test_an_id_that_is_not_sane_is_replaced(incoming):
    response = Client().get("/healthz", headers={"x-request-id": incoming})
    assert HEX16.match(response["X-Request-ID"])


def _quoted(response) -> str:
    request_id = response["X-Request-ID"]
    body = response.content.decode()
    assert f"请求编号 <code>{request_id}</code>" in body, body
    return request_id


def test_the_404_page_prints_it(db):
    _quoted(Client().get("/no-such-page/"))


def test_the_403_page_prints_it(db):
    _quoted(Client().get("/test-errors/403/"))


def test_the_400_page_prints_it(db):
    _quoted(Client().get("/test-errors/400/"))


def test_the_500_page_prints_the_id_the_proxy_sent(db):
    incoming = "req-from-proxy-0001"
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/", headers={"x-request-id": incoming})
    assert response.status_code == 500
    assert _quoted(response) == incoming


def test_the_csrf_page_prints_it(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    assert response.status_code == 403
    _quoted(response)


def test_the_405_page_prints_it(db):
    response = Client().post("/healthz")  # GET and HEAD only
    assert response.status_code == 405
    _quoted(response)
