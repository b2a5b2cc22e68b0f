"""Error pages under the demo's settings (DEBUG off): Chinese, in the site's layout, with a way
back — never Django's English or debug pages."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from jiangxin.core import error_pages


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    settings.ROOT_URLCONF = "jiangxin.core.tests.error_urls"


def _page(response) -> str:
    body = response.content.decode()
    assert 'class="topbar"' in body  # the site's layout
    assert 'data-testid="error-page"' in body
    assert "返回首页" in body and "返回上一页" in body
    for english in ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification"):
        assert english not in body
    return body


def test_404_is_chinese_with_login_for_visitors(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = _page(response)
    assert "页面不存在" in body
    assert reverse("login") in body
    assert "公示结果" in body and "证书核验" in body  # the public header


def test_404_for_an_outsider_opening_a_record(cast, login):
    client = login(cast["outsider"])
    response = client.get(reverse("worker_detail", args=[cast["worker_c"].pk]))
    assert response.status_code == 404
    body = _page(response)
    assert "页面不存在" in body
    assert "退出" in body  # the logged-in header, not the visitor's


def test_403_shows_the_services_reason(cast, login):
    client = login(cast["outsider"])
    response = client.get("/test-errors/403/")
    assert response.status_code == 403
    body = _page(response)
    assert "没有权限" in body
    assert "只有主办单位的管理员可以抽签。" in body


def test_403_for_a_viewer_editing_a_record(cast, login):
    client = login(cast["county_viewer"])
    response = client.get(reverse("worker_edit", args=[cast["worker_a"].pk]))
    assert response.status_code == 403
    assert "没有权限" in _page(response)


def test_400_is_chinese(db):
    response = Client().get("/test-errors/400/")
    assert response.status_code == 400
    assert "无法处理这个请求" in _page(response)


def test_a_foreign_host_header_gets_the_chinese_400(db):
    response = Client().get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert "无法处理这个请求" in _page(response)


def test_500_is_chinese_and_hides_the_fault(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/")
    assert response.status_code == 500
    body = _page(response)
    assert "系统出错了" in body
    assert "a fault the user must not see" not in body
    assert "Traceback" not in body


def test_500_renders_without_the_database():
    """No ``db`` fixture: any query would raise (and the plain fallback has no layout)."""
    response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "系统出错了" in _page(response)


def test_500_falls_back_to_a_plain_chinese_page_when_the_template_fails(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False, "OPTIONS": {}},
    ]  # no template can be found
    response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错了" in body and "返回首页" in body
    assert "topbar" not in body


def test_csrf_failure_is_chinese(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "outsider", "password": "x"})
    assert response.status_code == 403
    body = _page(response)
    assert "页面已过期" in body
    assert reverse("login") in body


def test_csrf_failure_for_a_logged_in_user_keeps_their_menu(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        cast["town_admin"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = _page(response)
    assert "页面已过期" in body
    assert "职工名册" in body  # the side menu
