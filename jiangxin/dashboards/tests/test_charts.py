"""The ring's percentages: each share rounded on its own, so equal counts read equal."""

from jiangxin.dashboards import charts


def test_equal_counts_get_equal_percentages():
    # 7 studios: 2, 2 and 3 → 28.57…, 28.57…, 42.86… → 29, 29, 43 (101: each is honest)
    assert charts.shares([2, 2, 3]) == [29, 29, 43]
    # 2, 2, 1, 1, 1 → 29, 29, 14, 14, 14 (100)
    assert charts.shares([2, 2, 1, 1, 1]) == [29, 29, 14, 14, 14]
    # half up: 1 of 8 is 12.5 → 13; 1 of 200 is 0.5 → 1
    assert charts.shares([1, 7]) == [13, 88]
    assert charts.shares([1, 199]) == [1, 100]
    assert charts.shares([0, 0]) == [0, 0] and charts.shares([]) == []


def test_the_pie_labels_carry_the_shares():
    option = charts.pie([("劳模创新工作室", 2), ("工匠创新工作室", 2), ("技能大师工作室", 3)])
    data = option["series"][0]["data"]
    assert [d["label"]["formatter"] for d in data] == ["29%", "29%", "43%"]
    assert data[0]["tooltip"]["formatter"] == "{b}：{c}（29%）"
    assert "percentPrecision" not in option["series"][0]
