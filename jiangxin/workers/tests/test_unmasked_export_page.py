"""The roster's export with full ID numbers and mobiles is offered on the page — to those whose
file would hold any, with the list's filters — behind a page that says what the file holds and
what follows, then the password again, then the file."""

import io
import re
import time
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiangxin import factories as f
from jiangxin.accounts import twofactor
from jiangxin.accounts.models import Grant

OFFER = "导出（含完整身份证号、手机号）"


def _offer_href(body: str) -> str | None:
    match = re.search(r'href="([^"]*)">' + re.escape(OFFER) + "<", body)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("who", "offered"),
    [("town_admin", True), ("platform", True), ("county_viewer", False)],
)
def test_the_list_offers_the_full_export_only_to_who_may_unmask(cast, login, who, offered):
    body = login(cast[who]).get(reverse("worker_list")).content.decode()
    assert (_offer_href(body) is not None) == offered
    assert "导出 Excel" in body  # the masked export for everyone


def test_a_viewer_cannot_open_the_confirm_page(cast, login):
    assert login(cast["county_viewer"]).get(reverse("worker_export_unmasked")).status_code == 403


def test_the_offer_keeps_the_filters_also_after_an_htmx_filter(cast, login):
    client = login(cast["town_admin"])
    filters = {"q": "ke", "gender": "F"}
    body = client.get(reverse("worker_list"), {**filters, "page": "1"}).content.decode()
    assert _offer_href(body) == reverse("worker_export_unmasked") + "?q=ke&gender=F"
    # Filtering on the page swaps the results only: the links come along out of band.
    # (The filter form sends every field; the empty ones are left out of the links.)
    partial = client.get(
        reverse("worker_list"),
        {"q": "zeng", "organisation": "", "gender": ""},
        headers={"HX-Request": "true"},
    )
    text = partial.content.decode()
    assert 'id="export-actions" hx-swap-oob="true"' in text
    assert _offer_href(text) == reverse("worker_export_unmasked") + "?q=zeng"


def test_the_confirm_page_says_what_the_file_holds_and_what_follows(cast, login):
    # town_admin sees 安海镇's workers (柯宝馨 at 晋工机械, 曾小贤 at 力利玩具) and may change
    # both; filtered by 力利玩具 the file holds one row, in clear.
    page = login(cast["town_admin"]).get(
        reverse("worker_export_unmasked"), {"enterprise": cast["ent_b"].pk}
    )
    body = page.content.decode()
    assert page.context["rows"] == 1 and page.context["clear"] == 1
    assert f"企业：{cast['ent_b'].name}" in body
    assert "完整号码" in body and "记入审计日志" in body and "妥善保管" in body
    # The button asks for the file with the same filter and the unmasking.
    form = re.search(r'<form method="get" action="([^"]+)"(.*?)</form>', body, re.S)
    assert form.group(1) == reverse("worker_export")
    fields = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    )
    assert fields == {"enterprise": str(cast["ent_b"].pk), "unmasked": "1"}


def test_rows_the_user_may_only_see_stay_masked_and_the_page_says_so(cast, login):
    # Admin of 晋工机械's union, viewer of 安海镇: sees 柯宝馨 and 曾小贤, may change only
    # 柯宝馨 — 2 rows, 1 in clear, the other masked.
    user = f.user("mixed", node=cast["union_a"])
    Grant.objects.create(user=user, organisation=cast["town_a"], role=Grant.Role.VIEWER)
    page = login(user).get(reverse("worker_export_unmasked"))
    assert (page.context["rows"], page.context["clear"]) == (2, 1)
    assert "其余仍为脱敏号码" in page.content.decode()


def test_confirming_asks_for_the_password_then_downloads_the_filtered_file(cast, login, settings):
    client = login(cast["town_admin"])
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - settings.REAUTH_MINUTES * 60 - 1
    session.save()
    url = reverse("worker_export") + f"?enterprise={cast['ent_b'].pk}&unmasked=1"
    response = client.get(url)
    assert response.url.startswith(reverse("reauth"))
    back = client.post(response.url, {"password": f.PASSWORD})
    assert back.url == url
    rows = list(
        load_workbook(io.BytesIO(client.get(url).content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [(r[0], r[3]) for r in rows] == [("曾小贤", cast["worker_b"].id_number())]
