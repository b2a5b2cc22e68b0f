"""Subsidies: grants and spending lines by studio and year, the balance that never goes below
zero, and the statement of a union node read back from the .xlsx with openpyxl."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services, services_subsidies
from jiangxin.innovation.models import SubsidyGrant, SubsidyLine
from jiangxin.innovation.tests import fixtures_projects as fx
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.workers.models import Honour
from jiangxin.workers.services import add_honour

pytestmark = pytest.mark.django_db

# the fixtures of fixtures_projects.py, offered to this module's tests
lead_user, subsidy, town_b_project = fx.lead_user, fx.subsidy, fx.town_b_project
D = Decimal


def _state():
    return (
        AuditEntry.objects.count(),
        list(SubsidyGrant.objects.values()),
        list(SubsidyLine.objects.values()),
    )


def test_a_spending_over_the_balance_is_refused_naming_the_balance(cast, studio, subsidy):
    # 2024: granted 50,000.00, spent 18,600.00 → balance 31,400.00
    assert services_subsidies.balance(studio, 2024) == D("31400.00")
    before = _state()
    with pytest.raises(ValidationError) as err:
        services_subsidies.record_spending(
            by=cast["town_admin"],
            studio=studio,
            year=2024,
            spent_on=datetime.date(2024, 12, 1),
            item="培训",
            amount=D("31400.01"),
        )
    assert err.value.message_dict["amount"][0].startswith(
        "2024 年度补助余额为 31400.00 元，本笔 31400.01 元超出余额"
    )
    with pytest.raises(ValidationError):  # no grant in 2025 at all
        services_subsidies.record_spending(
            by=cast["town_admin"],
            studio=studio,
            year=2025,
            spent_on=datetime.date(2025, 3, 1),
            item="耗材",
            amount=D("1"),
        )
    with pytest.raises(ValidationError) as err:  # spent before the year it draws on
        services_subsidies.record_spending(
            by=cast["town_admin"],
            studio=studio,
            year=2024,
            spent_on=datetime.date(2023, 12, 31),
            item="耗材",
            amount=D("1"),
        )
    assert "spent_on" in err.value.message_dict
    with pytest.raises(ValidationError):  # the grant is spent: removing it leaves −18,600
        services_subsidies.delete_grant(by=cast["town_admin"], grant=subsidy["grant"])
    assert _state() == before
    services_subsidies.record_spending(
        by=cast["town_admin"],
        studio=studio,
        year=2024,
        spent_on=datetime.date(2024, 12, 1),
        item="培训",
        amount=D("31400.00"),
    )
    assert services_subsidies.balance(studio, 2024) == D("0.00")


def test_only_the_studios_union_admins_record_subsidies(cast, studio, lead_user, subsidy):
    before = _state()
    for user in (lead_user, cast["county_viewer"], cast["sibling_admin"], cast["worker_user"]):
        with pytest.raises(PermissionDenied):
            services_subsidies.grant_subsidy(
                by=user, studio=studio, year=2025, amount=D("30000"), kind="annual"
            )
        with pytest.raises(PermissionDenied):
            services_subsidies.delete_spending(by=user, line=subsidy["line"])
    assert _state() == before


def _second_studio(cast):
    """A craftsman studio in 力利玩具 (ent. B, town A)."""
    lead = f.worker(cast["union_b"], "陈美玲", enterprise_obj=cast["ent_b"], female=True)
    add_honour(
        by=cast["town_admin"], worker=lead, kind=Honour.Kind.CRAFTSMAN, level="city", year=2022
    )
    return services.create_studio(
        by=cast["town_admin"],
        **studio_fields(
            cast,
            {"lead": lead},
            name="陈美玲工匠创新工作室",
            kind="craftsman",
            enterprise=cast["ent_b"],
            plaque_number="QZ-GJ-2024-02",
        ),
    )


def test_the_statement_of_a_node_reads_back_from_the_workbook(
    login, cast, studio, subsidy, town_b_project
):
    other = _second_studio(cast)
    admin = cast["town_admin"]
    services_subsidies.grant_subsidy(
        by=admin, studio=studio, year=2024, amount=D("20000"), kind="special"
    )
    services_subsidies.grant_subsidy(
        by=admin, studio=other, year=2024, amount=D("30000"), kind="naming"
    )
    services_subsidies.record_spending(
        by=admin,
        studio=other,
        year=2024,
        spent_on=datetime.date(2025, 1, 8),  # 2024's money, spent in January 2025
        item="无纺布试样",
        amount=D("4500.50"),
    )
    services_subsidies.grant_subsidy(  # another year: not in the 2024 statement
        by=admin, studio=other, year=2025, amount=D("30000"), kind="annual"
    )
    response = login(admin).get(
        reverse("subsidy_statement_export") + f"?year=2024&node={cast['town_a'].pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    ws = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "安海镇总工会 2024 年度创新工作室补助收支表"
    assert rows[1] == ["工作室", "类别", "依托企业", "拨付（元）", "支出（元）", "结余（元）"]
    # ordered by the union tree (each node's id down the path, as numbers), then the name:
    # 晋工机械's union (studio) was made before 力利玩具's (other) under town A.
    # studio: granted 50,000 + 20,000 = 70,000; spent 18,600; balance 51,400.
    # other: granted 30,000 (2024 only); spent 4,500.50; balance 25,499.50.
    # total: 100,000 granted, 23,100.50 spent, 76,899.50 left. Town B's studio is not here.
    assert cast["union_a"].pk < cast["union_b"].pk
    assert rows[2] == [
        "洪志明劳模创新工作室",
        "劳模创新工作室",
        "福建省晋工机械有限公司",
        70000,
        18600,
        51400,
    ]
    assert rows[3] == [
        "陈美玲工匠创新工作室",
        "工匠创新工作室",
        "晋江力利玩具有限公司",
        30000,
        4500.5,
        25499.5,
    ]
    assert rows[4] == ["合计", None, None, 100000, 23100.5, 76899.5]
    assert len(rows) == 5
    assert ws["D3"].number_format == "#,##0.00"
    page = login(admin).get(reverse("subsidy_statement") + "?year=2024").content.decode()
    assert 'data-testid="total-balance">76899.50<' in page
    assert "王建国劳模创新工作室" not in page


def test_the_statement_refuses_a_node_outside_the_users_reach(login, cast, town_b_project):
    client = login(cast["town_admin"])
    url = reverse("subsidy_statement_export") + f"?year=2024&node={cast['town_b'].pk}"
    response = client.get(url)
    assert response.status_code == 400 and "只能选择本工会及下级工会" in response.content.decode()
    assert login(cast["worker_user"]).get(reverse("subsidy_statement")).status_code == 404
