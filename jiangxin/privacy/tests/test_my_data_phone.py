"""我的数据 on a 390 px phone: the stacked tables' column names sit beside their values — a
name that wraps to two lines ("带徒津贴（元/月）") pushes the next line down instead of
overlapping its name — and nothing scrolls sideways."""

import pytest
from django.urls import reverse

from jiangxin import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each stacked cell's box and its label's (the ::before, which no DOM API measures directly:
# it starts at the top of the cell's content box and is as tall as its computed height).
BOXES = """(card) => [...document.querySelectorAll(card + ' td[data-label]')].map((td) => {
  const r = td.getBoundingClientRect(), label = getComputedStyle(td, '::before');
  const top = r.top + parseFloat(getComputedStyle(td).paddingTop);
  return {label: td.dataset.label, top: r.top, bottom: r.bottom,
          labelTop: top, labelBottom: top + parseFloat(label.height)};
})"""


def test_my_data_fits_a_phone_and_no_label_overlaps_the_next(two_workers, live_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名或手机号").fill(two_workers["user_a"].username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + reverse("my_data"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    cells = page.evaluate(BOXES, "#pairs")
    stipend = next(c for c in cells if c["label"] == "带徒津贴（元/月）")
    after = cells[cells.index(stipend) + 1]
    assert after["label"] == "出师考核"
    # The long label takes two lines at this width (one line: .85rem of a 15 px root ×
    # line-height 1.9 ≈ 24 px) and ends above the next label: the boxes do not overlap.
    line = 15 * 0.85 * 1.9
    assert stipend["labelBottom"] - stipend["labelTop"] > 1.5 * line
    assert stipend["labelBottom"] <= after["labelTop"] + 0.5
    # Every label in every stacked table on the page stays inside its own cell.
    for card in ("#pairs", "#entries", "#appeals", "#certificates", "#checkins"):
        cells = page.evaluate(BOXES, card)
        assert cells, card
        for c in cells:
            assert c["labelBottom"] <= c["bottom"] + 0.5, (card, c["label"])
    page.close()
