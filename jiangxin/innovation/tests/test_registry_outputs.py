# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The registry's 成果（按年份）: the outputs of the charted studios (已命名 unless a state is
filtered) per year, stacked by kind, with its table — each year's total linking the studios
that recorded outputs that year — in a number of queries that does not grow with the rows."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services, services_record
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.innovation.tests.record_fixtures import (  # noqa: F401  (fixtures)
    lead_user,
    other_studio,
    town_b_studio,
)
from jiangxin.workers.services import add_honour

pytestmark = pytest.mark.django_db

D = datetime.date


def _out(by, studio, kind, day, title, **more):
    if kind == "patent":
        more = {"patent_kind": "utility", "number": f"ZL{day.year}1", "status": "granted", **more}
    return services_record.add_output(
        by=by, studio=studio, kind=kind, date=day, title=title, **more
    )


@pytest.fixture
def outputs(cast, studio, other_studio, town_b_studio):
    """Town A's named studio (founded 2024): a patent in 2024, two patents and a paper in 2026,
    nothing in 2025. 力利玩具's studio (town A): an operating method in 2022, then delisted.
    Town B's studio: a paper in 2025."""
    by = cast["town_admin"]
    _out(by, studio, "patent", D(2024, 6, 1), "耐老化密封圈")
    _out(by, studio, "patent", D(2026, 2, 1), "快换接头")
    _out(by, studio, "patent", D(2026, 5, 1), "防尘罩")
    _out(by, studio, "paper", D(2026, 3, 1), "密封材料老化试验")
    _out(by, other_studio, "method", D(2022, 10, 1), "蔡志强快速换模法")
    services.update_studio(by=by, studio=other_studio, state="delisted", delisted_on=D(2024, 1, 10))
    _out(cast["sibling_admin"], town_b_studio, "paper", D(2025, 4, 1), "伞骨强度")
    return studio


def _chart(html: str) -> dict:
    found = re.search(r'<script id="chart-outputs" type="application/json">(.*?)</script>', html)
    assert found, "no 成果（按年份） chart"
    return json.loads(found.group(1))


def _rows(html: str) -> list[str]:
    """The table's rows as text: year | parts | total."""
    table = html.split('data-testid="outputs-by-year"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td[^>]*>(.*?)</td></tr>", table.split("<tbody>")[1])
    cells = [re.sub(r"</td><td[^>]*>", "|", r) for r in rows]
    return [re.sub(r"<[^>]+>", "", c) for c in cells]


def test_the_named_studios_outputs_are_counted_per_year_by_kind(login, cast, outputs):
    html = login(cast["town_admin"]).get(reverse("studio_list")).content.decode()
    assert "已命名工作室成果（按年份）" in html
    chart = _chart(html)
    # the named studio only (the delisted one's 2022 method and town B's paper are not counted);
    # 2025 stays on the axis with nothing in it
    assert chart["xAxis"]["data"] == ["2024", "2025", "2026"]
    assert [(s["name"], s["data"], s["stack"]) for s in chart["series"]] == [
        ("专利", [1, 0, 2], "total"),
        ("论文", [0, 0, 1], "total"),
    ]
    assert _rows(html) == ["2024|专利 1|1", "2025|—|0", "2026|专利 2论文 1|3"]


def test_each_years_total_lists_the_studios_counted(login, cast, outputs):
    client = login(cast["town_admin"])
    html = client.get(reverse("studio_list")).content.decode()
    assert 'href="?state=named&amp;output_year=2026"' in html
    listed = client.get(reverse("studio_list") + "?state=named&output_year=2026").content.decode()
    assert "只列 2026 年登记了成果的工作室" in listed
    assert ">洪志明劳模创新工作室</a>" in listed and "工作室（1 家）" in listed
    none = client.get(reverse("studio_list") + "?output_year=2023").content.decode()
    assert "工作室（0 家）" in none
    bad = client.get(reverse("studio_list") + "?output_year=abc")
    assert bad.status_code == 200 and "成果年份应为整数" in bad.content.decode()


def test_a_state_filter_charts_that_states_outputs(login, cast, outputs):
    html = login(cast["town_admin"]).get(reverse("studio_list") + "?state=delisted").content
    chart = _chart(html.decode())
    assert "已摘牌工作室成果（按年份）" in html.decode()
    assert chart["xAxis"]["data"] == ["2022"]
    assert [(s["name"], s["data"]) for s in chart["series"]] == [("以职工命名的操作法", [1])]


def test_the_county_sees_both_towns_outputs(login, cast, outputs):
    chart = _chart(login(cast["county_viewer"]).get(reverse("studio_list")).content.decode())
    # town B's 2025 paper joins town A's figures
    assert [(s["name"], s["data"]) for s in chart["series"]] == [
        ("专利", [1, 0, 2]),
        ("论文", [0, 1, 1]),
    ]


def test_no_outputs_no_chart(login, cast, studio):
    html = login(cast["town_admin"]).get(reverse("studio_list")).content.decode()
    assert "已命名工作室按类别" in html and "成果（按年份）" not in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_chart_reads_in_one_query_whatever_the_outputs(login, cast, studio_people, outputs):
    client = login(cast["county_viewer"])
    one = _queries(client, reverse("studio_list"))
    for n in range(3):
        lead = f.worker(cast["union_a"], f"领办{n}", enterprise_obj=cast["ent_a"])
        add_honour(by=cast["town_admin"], worker=lead, kind="may_day", level="province", year=2020)
        more = services.create_studio(
            by=cast["town_admin"],
            **studio_fields(
                cast, studio_people, name=f"工作室{n}", lead=lead, plaque_number=f"P{n}"
            ),
        )
        for kind, day in (("paper", D(2024 + n, 7, 1)), ("standard", D(2025, 1, 1 + n))):
            _out(cast["town_admin"], more, kind, day, f"成果{n}{kind}")
    client = login(cast["county_viewer"])
    assert _queries(client, reverse("studio_list")) == one
