"""A person who opens a POST-only address in the browser (a form's action bookmarked, a reload
after a redirect) gets a Chinese page in the layout with a way back, not a blank 405; the API
keeps its own answer. Logged-in users still reach the public pages from the menu."""

import pytest
from django.test import Client
from django.urls import reverse

POST_ONLY = [("exam_start", [1]), ("exam_answer", [1]), ("appeal_rule", [1, 1])]


@pytest.mark.parametrize(("name", "args"), POST_ONLY)
def test_a_get_of_a_post_only_address_is_a_chinese_page(cast, login, name, args):
    response = login(cast["worker_user"]).get(reverse(name, args=args))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    body = response.content.decode()
    assert 'class="topbar"' in body and 'data-testid="error-page"' in body
    assert "无法直接打开此地址" in body and "返回上一页" in body


def test_the_405_page_under_the_demo_settings(cast, login, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    response = login(cast["worker_user"]).get(reverse("exam_start", args=[1]))
    assert response.status_code == 405 and "无法直接打开此地址" in response.content.decode()


def test_the_api_keeps_its_own_405(cast, db):
    from jiangxin.accounts.services import create_api_token

    token = create_api_token(by=cast["county_admin"], name="t")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.delete("/api/v1/competitions")
    assert response.status_code == 405
    assert "无法直接打开此地址" not in response.content.decode()


def test_logged_in_users_reach_the_public_pages_from_the_menu(cast, login):
    for who in ("worker_user", "county_admin"):
        body = login(cast[who]).get(reverse("worker_detail", args=[cast["worker_a"].pk]))
        text = body.content.decode()
        assert 'class="nav-public"' in text, who
        assert reverse("public_results_list") in text and "公示结果" in text
        assert reverse("certificate_verify_form") in text and "证书核验" in text
