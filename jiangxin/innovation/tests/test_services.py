"""Registering studios and their teams: the lead checked against the roster, every refusal a
message on its field that changes nothing (no studio, no member, no audit entry)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services
from jiangxin.innovation.models import LeadRule, Studio, StudioMember
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour

pytestmark = pytest.mark.django_db


def _unchanged(before_audit: int, studios: int = 0, members: int = 0) -> None:
    assert AuditEntry.objects.count() == before_audit
    assert Studio.objects.count() == studios
    assert StudioMember.objects.count() == members


def test_a_qualified_lead_registers_a_studio_placed_in_the_enterprise_union(cast, studio_people):
    studio = services.create_studio(by=cast["town_admin"], **studio_fields(cast, studio_people))
    assert studio.organisation == cast["union_a"]
    assert studio.org_path == cast["union_a"].path
    entry = AuditEntry.objects.get(object_type="innovation.studio")
    assert entry.action == "create" and entry.org_path == cast["union_a"].path


def test_a_lead_without_the_honour_is_refused_naming_it_and_nothing_is_saved(cast, studio_people):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"],
            **studio_fields(cast, studio_people, lead=studio_people["technician"]),
        )
    assert err.value.message_dict["lead"] == [
        "许文杰不符合劳模创新工作室领办人条件：领办人须获市级及以上劳动模范或五一劳动奖章，"
        "名册中没有这样的荣誉"
    ]
    _unchanged(before)


def test_a_skill_master_studio_names_the_missing_level(cast, studio_people):
    worker = f.worker(
        cast["union_a"], "蔡永福", enterprise_obj=cast["ent_a"], skill_level=SkillLevel.L3
    )
    add_honour(by=cast["town_admin"], worker=worker, kind="tech_expert", level="city", year=2022)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"],
            **studio_fields(
                cast, studio_people, kind="skill_master", lead=worker, name="蔡永福技能大师工作室"
            ),
        )
    assert err.value.message_dict["lead"] == [
        "蔡永福不符合技能大师工作室领办人条件：领办人技能等级须达到二级/技师及以上，名册中为三级/高级工"
    ]
    _unchanged(before)


def test_the_lead_qualifies_from_the_roster_once_the_honour_is_added(cast, studio_people):
    technician = studio_people["technician"]
    fields = studio_fields(
        cast, studio_people, kind="skill_master", lead=technician, name="许文杰工作室"
    )
    with pytest.raises(ValidationError):
        services.create_studio(by=cast["town_admin"], **fields)
    add_honour(
        by=cast["town_admin"], worker=technician, kind="skill_master", level="city", year=2024
    )
    assert services.create_studio(by=cast["town_admin"], **fields).lead == technician


def test_a_union_rule_replaces_the_default(cast, studio_people):
    LeadRule.objects.create(kind="worker", honours=[{"kind": "craftsman", "min_level": ""}])
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"],
            **studio_fields(
                cast, studio_people, kind="worker", lead=studio_people["member"], name="职工工作室"
            ),
        )
    assert "领办人须获“工匠”称号" in err.value.message_dict["lead"][0]


def test_the_lead_must_work_in_the_host_enterprise(cast, studio_people):
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"], **studio_fields(cast, studio_people, enterprise=cast["ent_b"])
        )
    assert "领办人须为依托企业的职工" in err.value.message_dict["lead"][0]
    assert Studio.objects.count() == 0


def test_the_naming_body_must_be_above_the_enterprise_and_match_the_level(cast, studio_people):
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"], **studio_fields(cast, studio_people, naming_body=cast["town_b"])
        )
    assert "naming_body" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"], **studio_fields(cast, studio_people, naming_level="county")
        )
    assert err.value.message_dict["naming_level"] == ["命名单位是市总工会，命名级别应为市级"]
    assert Studio.objects.count() == 0


def test_a_named_studio_needs_its_naming_date_and_dates_in_order(cast, studio_people):
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"], **studio_fields(cast, studio_people, named_on=None)
        )
    assert "named_on" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.create_studio(
            by=cast["town_admin"],
            **studio_fields(cast, studio_people, floor_area=0, founded=datetime.date(1999, 1, 1)),
        )
    assert {"floor_area", "founded"} <= set(err.value.message_dict)
    assert Studio.objects.count() == 0


def test_another_town_and_a_viewer_cannot_register_or_change(cast, studio_people, studio):
    before = AuditEntry.objects.count()
    for user in (cast["sibling_admin"], cast["county_viewer"], cast["worker_user"]):
        with pytest.raises(PermissionDenied):
            services.create_studio(by=user, **studio_fields(cast, studio_people, name="另一个"))
        with pytest.raises(PermissionDenied):
            services.update_studio(by=user, studio=studio, focus="改了")
        with pytest.raises(PermissionDenied):
            services.add_member(by=user, studio=studio, worker=studio_people["technician"])
    assert AuditEntry.objects.count() == before
    studio.refresh_from_db()
    assert studio.focus == "工程机械液压件的密封材料与寿命"


def test_an_edit_is_audited_with_what_changed_and_a_new_lead_is_checked(
    cast, studio_people, studio
):
    services.update_studio(
        by=cast["county_admin"], studio=studio, focus="密封件寿命", floor_area=150
    )
    entry = AuditEntry.objects.filter(object_type="innovation.studio").latest("pk")
    assert entry.changes["focus"] == ["工程机械液压件的密封材料与寿命", "密封件寿命"]
    with pytest.raises(ValidationError):
        services.update_studio(
            by=cast["town_admin"], studio=studio, lead=studio_people["technician"]
        )
    studio.refresh_from_db()
    assert studio.lead == studio_people["lead"]


def test_members_are_added_once_and_leave_with_their_history_kept(cast, studio_people, studio):
    tech = services.add_member(
        by=cast["admin_a"], studio=studio, worker=studio_people["technician"]
    )
    assert studio.members.current().count() == 2
    with pytest.raises(ValidationError) as err:
        services.add_member(by=cast["admin_a"], studio=studio, worker=studio_people["technician"])
    assert err.value.message_dict["worker"] == ["许文杰已是本工作室成员"]
    with pytest.raises(ValidationError) as err:
        services.add_member(by=cast["admin_a"], studio=studio, worker=studio_people["lead"])
    assert "是本工作室的领办人" in err.value.message_dict["worker"][0]
    services.remove_member(by=cast["admin_a"], member=tech, left=tech.joined)
    tech.refresh_from_db()
    assert tech.left == tech.joined and studio.members.current().count() == 1
    with pytest.raises(ValidationError):
        services.remove_member(by=cast["admin_a"], member=tech)
    assert StudioMember.objects.count() == 2  # the history stays


def test_a_member_cannot_leave_before_joining(cast, studio_people, studio):
    member = studio.members.get()
    with pytest.raises(ValidationError) as err:
        services.remove_member(by=cast["town_admin"], member=member, left=datetime.date(2024, 1, 1))
    assert "left" in err.value.message_dict
    member.refresh_from_db()
    assert member.left is None


def test_a_worker_of_another_town_cannot_be_added(cast, studio_people, studio):
    with pytest.raises(ValidationError):
        services.add_member(by=cast["admin_a"], studio=studio, worker=cast["worker_c"])
    assert studio.members.count() == 1


def test_a_delisted_studio_takes_no_member_changes(cast, studio_people, studio):
    services.update_studio(
        by=cast["town_admin"],
        studio=studio,
        state="delisted",
        delisted_on=datetime.date(2025, 6, 1),
    )
    with pytest.raises(PermissionDenied):
        services.add_member(
            by=cast["town_admin"], studio=studio, worker=studio_people["technician"]
        )
    assert list(Studio.objects.named()) == []
    assert Honour.objects.filter(worker=studio_people["lead"]).count() == 1
