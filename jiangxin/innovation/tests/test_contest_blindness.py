"""The names found in a 五小 application's text (``contest_blindness``, pure, no database):
worked examples of the short forms and of what the page reports."""

from __future__ import annotations

import pytest

from jiangxin.innovation.contest_blindness import Mention, mentions, name_forms, short_name


@pytest.mark.parametrize(
    ("name", "short"),
    [
        # 有限公司 off, then the place 福建省
        ("福建省晋工机械有限公司", "晋工机械"),
        # 股份有限公司, then 集团; then 晋江市 and 安海镇
        ("晋江市安海镇晋工机械集团股份有限公司", "晋工机械"),
        # a union: 工会, then 有限公司, then 福建省
        ("福建省晋工机械有限公司工会", "晋工机械"),
        # a place without its 市 is not known as one: kept
        ("晋江力利玩具有限公司", "晋江力利玩具"),
        # only a place is left: nothing specific
        ("晋江市总工会", ""),
        # full-width spaces go
        ("恒安　集团", "恒安"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


def test_name_forms_keep_the_full_name_and_a_specific_short_form():
    assert name_forms("福建省晋工机械有限公司") == ["福建省晋工机械有限公司", "晋工机械"]
    assert name_forms("晋江市总工会") == ["晋江市总工会"]  # "晋江市" alone is not sought
    assert name_forms("工会") == ["工会"]  # the short form would be empty


FIELDS = [
    ("title", "项目名称", "晋工机械折弯机快速换模夹具"),
    ("background", "项目背景", "柯 宝 馨 班组换模一次需 40 分钟。"),
    ("content", "主要内容", "福建省晋工机械有限公司工会组织攻关，林师傅指导。"),
    ("results", "应用成果", "已在三台设备使用。"),
]


def test_the_names_found_field_by_field():
    found = mentions(
        FIELDS,
        people=["柯宝馨", "王建国", "林"],  # "林" has one character: not sought
        organisations=["福建省晋工机械有限公司", "福建省晋工机械有限公司工会"],
    )
    assert found == [
        # the short form in the title
        Mention("title", "项目名称", "晋工机械"),
        # the name with spaces inside, as written on the roster
        Mention("background", "项目背景", "柯宝馨"),
        # the union's full name is found; the enterprise's name and the short form inside it
        # are not reported again
        Mention("content", "主要内容", "福建省晋工机械有限公司工会"),
    ]


def test_nothing_found_in_clean_text():
    clean = [("content", "主要内容", "本企业班组设计定位销，换模改为两人 8 分钟完成。")]
    assert mentions(clean, people=["柯宝馨"], organisations=["福建省晋工机械有限公司"]) == []


def test_full_width_and_case_are_compared_alike():
    text = [("content", "主要内容", "ＡＢＣ精密与abc精密合作")]
    assert mentions(text, organisations=["abc精密有限公司"]) == [
        Mention("content", "主要内容", "abc精密")
    ]
