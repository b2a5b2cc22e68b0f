"""考核指标表: the union admin creates and edits their node's sheet on a page (Chinese messages,
points summing to 100, read items with a target and a deduction), audited; the sheet freezes
once an assessment has used it and is copied into a new edition for the next assessments;
the access matrix (town B, a viewer above, an enterprise union, a worker, an outsider)."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services_record, services_sheets
from jiangxin.innovation.models import AssessmentSheet
from jiangxin.innovation.services_sheets import ItemRow

pytestmark = pytest.mark.django_db
FIELDS = {
    "name": "安海镇工作室考核表",
    "excellent_from": D(90),
    "pass_from": D(70),
    "rectify_months": 6,
    "bar_months": 36,
}
ITEMS = [ItemRow("综合", D(60)), ItemRow("带徒≥10人", D(40), "apprentices", D(10), D(1))]


def _post_data(name="安海镇工作室考核表", rows=(), organisation=None, **over) -> dict:
    data = {
        "name": name,
        "excellent_from": "90",
        "pass_from": "70",
        "rectify_months": "6",
        "bar_months": "36",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
    }
    if organisation is not None:
        data["organisation"] = str(organisation.pk)
    for n, row in enumerate(rows):
        for key, value in zip(
            ("name", "max_points", "source", "target", "per_missing"), row, strict=True
        ):
            data[f"items-{n}-{key}"] = value
    return {**data, **over}


def _sheet(cast) -> AssessmentSheet:
    return services_sheets.create_sheet(
        by=cast["town_admin"], organisation=cast["town_a"], items=ITEMS, **FIELDS
    )


def test_the_town_admin_creates_a_sheet_on_the_page(login, cast, studio):
    client = login(cast["town_admin"])
    form = client.get(reverse("sheet_new")).content.decode()
    # opens on the default items (100 points) to adjust
    assert "带徒传技：年带徒≥10人，每少1人扣1分" in form
    rows = [
        ("综合", "60", "", "", ""),
        ("带徒≥10人", "40", "apprentices", "10", "1"),
        ("", "", "", "", ""),
    ]
    response = client.post(reverse("sheet_new"), _post_data(rows=rows, organisation=cast["town_a"]))
    assert response.status_code == 302
    sheet = AssessmentSheet.objects.get(organisation=cast["town_a"])
    assert [(i.name, i.max_points, i.source) for i in sheet.items.all()] == [
        ("综合", D(60), ""),
        ("带徒≥10人", D(40), "apprentices"),
    ]
    # the studio of town A is now assessed on it: 60 (assessor) + 40 − (10 − 0) × 1 = 90 → 优秀
    items = services_record.sheet_for(studio).items
    assert services_record.sheet_for(studio).name == "安海镇工作室考核表"
    assessment = services_record.record_assessment(
        by=cast["town_admin"],
        studio=studio,
        year=2025,
        manual={items[0].key: D(60)},
        assessed_on=datetime.date(2026, 1, 10),
    )
    assert assessment.score == D("90.00") and assessment.band == "excellent"
    assert assessment.sheet == sheet
    entry = AuditEntry.objects.filter(object_type__icontains="sheet").latest("pk")
    assert entry.actor == cast["town_admin"] and entry.org_path == cast["town_a"].path
    assert "带徒≥10人 40分（读取带徒人数（名师带高徒），目标 10，每少一个单位扣 1 分）" in str(
        entry.changes["indicators"]
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("综合", "60", "", "", ""), ("成效", "30", "", "", "")],
            "各项分值合计应为 100 分，现为 90 分",
        ),
        ([("综合", "50", "", "", ""), ("综合", "50", "", "", "")], "指标“综合”重复"),
        (
            [("综合", "60", "", "", ""), ("带徒", "40", "apprentices", "", "1")],
            "须填大于 0 的目标值",
        ),
        (
            [("综合", "60", "", "", ""), ("带徒", "40", "apprentices", "10", "")],
            "每少一个单位的扣分",
        ),
        (
            [("综合", "60", "", "5", ""), ("成效", "40", "", "", "")],
            "由考核人打分，不填目标值和扣分",
        ),
        ([("", "60", "", "", ""), ("成效", "40", "", "", "")], "请填写指标名称，或清空这一行"),
        ([], "请至少填写一项指标"),
    ],
)
def test_a_wrong_sheet_is_refused_in_chinese_and_nothing_saved(login, cast, rows, message):
    response = login(cast["town_admin"]).post(
        reverse("sheet_new"), _post_data(rows=rows, organisation=cast["town_a"])
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssessmentSheet.objects.exists()


def test_the_pass_mark_must_be_below_the_excellent_mark(login, cast):
    rows = [("综合", "100", "", "", "")]
    response = login(cast["town_admin"]).post(
        reverse("sheet_new"),
        _post_data(rows=rows, organisation=cast["town_a"], pass_from="90"),
    )
    assert response.status_code == 400 and "合格分数线须低于优秀分数线" in response.content.decode()


def test_the_admin_edits_until_an_assessment_uses_it_then_copies(login, cast, studio):
    sheet = _sheet(cast)
    client = login(cast["town_admin"])
    rows = [("综合", "70", "", "", ""), ("带徒≥10人", "30", "apprentices", "10", "1")]
    data = _post_data(name="安海镇工作室考核表（修订）", rows=rows)
    assert client.post(reverse("sheet_edit", args=[sheet.pk]), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.name == "安海镇工作室考核表（修订）"
    assert [i.max_points for i in sheet.items.all()] == [D(70), D(30)]
    key = services_record.sheet_for(studio).items[0].key
    services_record.record_assessment(
        by=cast["town_admin"],
        studio=studio,
        year=2025,
        manual={key: D(60)},
        assessed_on=datetime.date(2026, 1, 10),
    )
    # frozen: the page says why and offers the copy; the edit is refused, page and service
    page = client.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()
    assert "已有 1 份考核按此指标表评分，不能再修改" in page and "复制为新版本" in page
    assert client.get(reverse("sheet_edit", args=[sheet.pk])).status_code == 403
    assert client.post(reverse("sheet_edit", args=[sheet.pk]), data).status_code == 403
    with pytest.raises(ValidationError, match="不能再修改"):
        services_sheets.update_sheet(by=cast["town_admin"], sheet=sheet, items=ITEMS, **FIELDS)
    response = client.post(reverse("sheet_copy", args=[sheet.pk]))
    new = AssessmentSheet.objects.current().get(organisation=cast["town_a"])
    assert response.status_code == 302 and response["Location"] == reverse(
        "sheet_edit", args=[new.pk]
    )
    assert new.edition == 2 and [i.max_points for i in new.items.all()] == [D(70), D(30)]
    sheet.refresh_from_db()
    assert sheet.superseded_at is not None and sheet.assessments.count() == 1
    # the next assessment reads the new edition; the old one stays, read only
    assert services_record.sheet_for(studio).pk == new.pk
    resp = client.post(reverse("sheet_edit", args=[new.pk]), data)
    assert resp.status_code == 302, resp.content.decode().split('data-testid="errors"')[-1][:400]
    assert "已停用的旧版本" in client.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()


def test_an_unused_sheet_is_not_copied(cast):
    sheet = _sheet(cast)
    with pytest.raises(ValidationError, match="未使用的可直接修改"):
        services_sheets.copy_sheet(by=cast["town_admin"], sheet=sheet)


def test_a_node_has_one_current_sheet(cast):
    _sheet(cast)
    with pytest.raises(ValidationError, match="已有现行的考核指标表"):
        _sheet(cast)


@pytest.mark.parametrize(
    ("who", "see", "edit"),
    [
        ("town_admin", 200, 200),
        ("county_admin", 200, 200),  # above: keeps it too
        ("county_viewer", 200, 403),  # sees, changes nothing
        ("sibling_admin", 404, 404),  # town B
        ("admin_a", 404, 404),  # an enterprise union below: not its sheet to see
        ("worker_user", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_the_access_matrix(login, cast, who, see, edit):
    sheet = _sheet(cast)
    client = login(cast[who])
    assert client.get(reverse("sheet_detail", args=[sheet.pk])).status_code == see
    assert client.get(reverse("sheet_edit", args=[sheet.pk])).status_code == edit
    listed = "安海镇工作室考核表" in client.get(reverse("sheet_list")).content.decode()
    assert listed == (see == 200)
    if edit != 200:
        with pytest.raises(PermissionDenied):
            services_sheets.update_sheet(by=cast[who], sheet=sheet, items=ITEMS, **FIELDS)


def test_an_enterprise_union_cannot_set_a_sheet(login, cast):
    assert login(cast["admin_a"]).get(reverse("sheet_new")).status_code == 403
    with pytest.raises(PermissionDenied):
        services_sheets.create_sheet(
            by=cast["admin_a"], organisation=cast["union_a"], items=ITEMS, **FIELDS
        )
