"""The living record's services: the lead files and corrects a quarterly report until the union
accepts it; outputs are checked by kind and frozen with their year's assessment; the annual
assessment bands the studio, 不合格 opens rectification, and a failed re-check delists it and
bars re-application."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin.innovation import assessing, services_record
from jiangxin.innovation.models import AssessmentItem, AssessmentSheet, Studio, StudioEvent
from jiangxin.innovation.tests.record_fixtures import lead_user  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
MANUAL = {"team": D(15), "funds": D(5)}  # the default sheet's two assessor-scored items, full


def _report(studio, by, **over):
    fields = {
        "year": 2025,
        "quarter": 2,
        "summary": "开展高吸收芯体减薄试验三轮",
        "activities": 3,
        "participants": 26,
        "problems_solved": 1,
    }
    fields.update(over)
    return services_record.file_report(by=by, studio=studio, **fields)


def test_the_lead_files_and_corrects_a_report_until_it_is_accepted(cast, studio, lead_user):  # noqa: F811
    report = _report(studio, lead_user)
    assert report.filed_by == lead_user
    services_record.update_report(by=lead_user, report=report, participants=30)
    with pytest.raises(ValidationError, match="已填报"):
        _report(studio, lead_user)
    services_record.accept_report(by=cast["town_admin"], report=report)
    report.refresh_from_db()
    assert report.participants == 30 and report.read_figures["reports"] == 1
    with pytest.raises(ValidationError, match="验收，已封存"):
        services_record.update_report(by=lead_user, report=report, participants=31)


def test_a_member_or_a_viewer_files_nothing_and_no_quarter_ahead(cast, studio, lead_user):  # noqa: F811
    member = studio.members.get().worker
    from jiangxin import factories as f

    member.account = f.user("member")
    member.save(update_fields=["account"])
    with pytest.raises(PermissionDenied):
        _report(studio, member.account)
    with pytest.raises(PermissionDenied):
        _report(studio, cast["county_viewer"])
    with pytest.raises(ValidationError, match="尚未开始"):
        _report(studio, lead_user, year=TODAY().year + 1, quarter=1)


def test_an_output_is_checked_by_its_kind(cast, studio):
    admin, day = cast["town_admin"], datetime.date(2025, 6, 1)
    with pytest.raises(ValidationError) as err:
        services_record.add_output(by=admin, studio=studio, kind="patent", title="芯体", date=day)
    assert set(err.value.message_dict) == {"patent_kind", "number", "status"}
    with pytest.raises(ValidationError) as err:
        services_record.add_output(by=admin, studio=studio, kind="benefit", title="节能", date=day)
    assert "benefit_wan" in err.value.message_dict
    with pytest.raises(ValidationError, match="早于工作室成立"):
        services_record.add_output(
            by=admin, studio=studio, kind="paper", title="旧文", date=datetime.date(2023, 1, 1)
        )
    with pytest.raises(ValidationError, match="2 位"):  # 万元 to two decimals, never more
        services_record.add_output(
            by=admin, studio=studio, kind="benefit", title="节能", date=day, benefit_wan=D("3.456")
        )
    saved = services_record.add_output(
        by=admin, studio=studio, kind="benefit", title="节能", date=day, benefit_wan=D("3.46")
    )
    saved.refresh_from_db()
    assert saved.benefit_wan == D("3.46")


def test_an_annual_fail_opens_rectification_and_a_failed_recheck_delists(cast, studio):
    admin = cast["town_admin"]
    output = services_record.add_output(
        by=admin, studio=studio, kind="paper", title="2024 年论文", date=datetime.date(2024, 6, 1)
    )
    assessed = assessing.add_months(TODAY(), -4)
    # 2024 on the default sheet: apprentices 0 → 15−10 = 5; level rises 0 → 10−6 = 4;
    # patents 0 → 0; writings 1 → 10−5 = 5; benefit 0 → 10−10 = 0; training 0 → 0;
    # awards 0 → 0; reports 0 → 0; team 15 + funds 5 (assessor) → 34: 不合格
    annual = services_record.record_assessment(
        by=admin, studio=studio, year=2024, manual=MANUAL, assessed_on=assessed
    )
    assert annual.score == D("34.00") and annual.band == "fail"
    assert annual.rectify_until == assessing.add_months(assessed, 3)
    studio.refresh_from_db()
    assert studio.state == Studio.State.RECTIFYING
    event = StudioEvent.objects.get(studio=studio)
    assert event.kind == "rectifying" and "不合格" in event.reason
    # the assessed year's outputs are frozen
    with pytest.raises(ValidationError, match="2024年度考核已完成"):
        services_record.update_output(by=admin, output=output, title="改")
    # the re-check (the period is over) reads the last 12 months: nothing recorded → 5 + 4 +
    # 0 + 0 + 0 + 0 + 0 + 0 + 20 = 29: 不合格 again → delisted, barred for 24 months
    recheck = services_record.record_assessment(
        by=admin, studio=studio, year=2099, manual=MANUAL, note="整改流于形式"
    )
    assert recheck.kind == "recheck" and recheck.year == 2024 and recheck.score == D("29.00")
    studio.refresh_from_db()
    assert studio.state == Studio.State.DELISTED and studio.delisted_on == TODAY()
    assert studio.barred_until == assessing.add_months(TODAY(), 24)
    delisted = StudioEvent.objects.get(studio=studio, kind="delisted")
    assert "摘牌" in delisted.reason and "整改流于形式" in delisted.reason
    assert not Studio.objects.named().filter(pk=studio.pk).exists()
    with pytest.raises(PermissionDenied):
        services_record.record_assessment(by=admin, studio=studio, year=2025, manual=MANUAL)


def test_a_recheck_waits_for_the_period_and_a_pass_restores_the_name(cast, studio):
    admin = cast["town_admin"]
    services_record.record_assessment(
        by=admin, studio=studio, year=2024, manual=MANUAL, assessed_on=TODAY()
    )
    with pytest.raises(ValidationError, match="期满后复核"):
        services_record.record_assessment(by=admin, studio=studio, year=2024, manual=MANUAL)
    # the period ends
    studio.assessments.update(rectify_until=TODAY())
    recent = TODAY() - datetime.timedelta(days=20)
    for kind, extra in [
        ("patent", {"patent_kind": "invention", "number": "ZL1", "status": "granted"}),
        ("patent", {"patent_kind": "utility", "number": "ZL2", "status": "filed"}),
        ("paper", {}),
        ("standard", {"number": "Q/HA 001"}),
        ("benefit", {"benefit_wan": D("60.00")}),
        ("training", {"people_trained": 120}),
    ]:
        services_record.add_output(
            by=admin, studio=studio, kind=kind, title=kind, date=recent, **extra
        )
    # 12 months up to today: apprentices 5 + rises 4 + patents 10 + writings 10 + benefit 10
    # + training 10 + awards 0 + reports 0 + 20 (assessor) = 69: 合格 → named again
    recheck = services_record.record_assessment(by=admin, studio=studio, year=2024, manual=MANUAL)
    assert recheck.score == D("69.00") and recheck.band == "pass"
    studio.refresh_from_db()
    assert studio.state == Studio.State.NAMED
    assert StudioEvent.objects.filter(studio=studio, kind="restored").exists()


def test_a_union_sheet_sets_items_thresholds_and_periods(cast, studio):
    sheet = AssessmentSheet.objects.create(
        organisation=cast["town_a"],
        name="安海镇工作室考核表",
        excellent_from=90,
        pass_from=70,
        rectify_months=6,
        bar_months=36,
    )
    AssessmentItem.objects.create(sheet=sheet, order=1, name="综合", max_points=60)
    AssessmentItem.objects.create(
        sheet=sheet,
        order=2,
        name="带徒≥10人",
        max_points=40,
        source="apprentices",
        target=10,
        per_missing=1,
    )
    items = services_record.sheet_for(studio).items
    key = items[0].key
    # 60 (assessor) + 40 − 10 × 1 = 90 → 优秀 on this sheet's 90
    a = services_record.record_assessment(
        by=cast["town_admin"],
        studio=studio,
        year=2025,
        manual={key: D(60)},
        assessed_on=datetime.date(2026, 1, 10),
    )
    assert a.score == D("90.00") and a.band == "excellent" and a.sheet_name == sheet.name
    with pytest.raises(ValidationError, match="已考核"):
        services_record.record_assessment(
            by=cast["town_admin"],
            studio=studio,
            year=2025,
            manual={key: D(60)},
        )
