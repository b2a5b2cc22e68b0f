"""领办人资格规则 edited on its own page: who may open it (the system administrator, the admin of
the platform's top node, nobody else), the rule in words, refusals of rules that contradict
themselves (nothing stored, nothing logged), the audit trail, the reset, and the new rule biting
on the next studio registered."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import qualification, services, services_lead_rules
from jiangxin.innovation.models import LeadRule
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.innovation.tests.test_qualification import NAMES
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour

pytestmark = pytest.mark.django_db

PAGES = ["lead_rule_list", "lead_rule_edit"]
NATIONAL_ONLY = {
    "honours": [{"kind": "model_worker", "min_level": "national"}],
    "match": "any",
    "min_skill_level": 0,
}


@pytest.fixture
def province_admin(cast):
    return f.user("province_admin", node=cast["province"])


def _url(name, kind="model_worker"):
    return reverse(name) if name == "lead_rule_list" else reverse(name, args=[kind])


# --- the pure rule: "each of", and what contradicts itself ------------------------------------


def test_a_rule_needing_each_honour_names_the_one_missing():
    rule = qualification.rule_from(
        {
            "honours": [{"kind": "model_worker", "min_level": "city"}, {"kind": "may_day"}],
            "match": "all",
        }
    )
    both = [qualification.Held("model_worker", "province"), qualification.Held("may_day", "city")]
    assert qualification.qualify(rule, both, 0, NAMES).qualified
    verdict = qualification.qualify(rule, both[:1], 0, NAMES)
    assert verdict.missing == (
        "领办人须同时获市级及以上劳动模范和五一劳动奖章，名册中缺少五一劳动奖章",
    )
    assert qualification.describe(rule, NAMES) == "同时获市级及以上劳动模范和五一劳动奖章"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"honours": [{"kind": "may_day"}], "match": "all"}, "“全部具备”须至少列出两项荣誉"),
        ({"honours": [], "match": "all"}, "“全部具备”须至少列出两项荣誉"),
        (
            {"honours": [{"kind": "may_day"}, {"kind": "may_day", "min_level": "city"}]},
            "同一荣誉类别只能列一次",
        ),
        ({"honours": [], "match": "most"}, "满足方式只能是"),
        ({"honours": [{"kind": "hero"}]}, "未知的荣誉类别"),
    ],
)
def test_rules_that_contradict_themselves_are_named(data, problem):
    problems = qualification.problems_in(data, Honour.Kind.values)
    assert any(problem in p for p in problems), problems


# --- who may open the pages --------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("platform", 200),  # the system administrator
        ("province_admin", 200),  # admin of the tree's only top node
        ("county_admin", 404),  # the rule would bind studios outside their subtree
        ("county_viewer", 404),
        ("town_admin", 404),
        ("admin_a", 404),
        ("worker_user", 404),
        ("outsider", 404),
        ("security", 404),  # 三员分立: not their duty
        ("audit", 404),
    ],
)
def test_access_matrix(cast, duties, province_admin, login, page, who, status):
    user = {**cast, **duties, "province_admin": province_admin}[who]
    assert login(user).get(_url(page)).status_code == status


def test_anonymous_is_sent_to_login(cast, login):
    for page in PAGES:
        assert login(None).get(_url(page))["Location"].startswith(reverse("login"))


def test_a_province_admin_may_not_once_the_platform_holds_another_top_node(
    cast, province_admin, login
):
    f.org(None, "广东省总工会", Organisation.Kind.PROVINCE)
    assert login(province_admin).get(_url("lead_rule_list")).status_code == 404
    with pytest.raises(PermissionDenied):
        services_lead_rules.set_lead_rule(by=province_admin, kind="model_worker", **NATIONAL_ONLY)


def test_the_menu_offers_the_page_only_to_those_allowed(cast, province_admin, login):
    for who, shown in [
        (cast["platform"], True),
        (province_admin, True),
        (cast["town_admin"], False),
    ]:
        keys = [item["key"] for item in login(who).get(reverse("home")).context["nav"]]
        assert ("lead_rules" in keys) is shown, who


def test_an_unknown_kind_is_a_missing_page(cast, login):
    assert login(cast["platform"]).get(_url("lead_rule_edit", "hero")).status_code == 404


def test_a_union_admin_cannot_post_the_form_nor_reset(cast, login):
    client = login(cast["county_admin"])
    assert client.post(_url("lead_rule_edit"), {"match": "any"}).status_code == 404
    assert client.post(_url("lead_rule_reset")).status_code == 404
    assert not LeadRule.objects.exists()


# --- the page and the form -----------------------------------------------------------------


def test_the_list_shows_each_kinds_rule_in_words_default_or_stored(cast, login):
    page = login(cast["platform"]).get(_url("lead_rule_list")).content.decode()
    assert "获市级及以上劳动模范或五一劳动奖章" in page  # 劳模创新's default
    assert (
        "技能等级达到二级/技师及以上，并获“技术能手”或“技能大师”称号" in page
    )  # 技能大师's default
    assert "不设条件：名册中的职工均可领办" in page  # 职工创新
    services_lead_rules.set_lead_rule(by=cast["platform"], kind="model_worker", **NATIONAL_ONLY)
    page = login(cast["platform"]).get(_url("lead_rule_list")).content.decode()
    assert "获全国劳动模范" in page and "默认：获市级及以上劳动模范或五一劳动奖章" in page


def test_the_form_stores_a_rule_needing_each_honour_and_a_skill_level(cast, login):
    response = login(cast["platform"]).post(
        _url("lead_rule_edit", "craftsman"),
        {
            "honour_craftsman": "on",
            "level_craftsman": "city",
            "honour_tech_expert": "on",
            "match": "all",
            "min_skill_level": str(SkillLevel.L3),
        },
    )
    assert response.status_code == 302
    row = LeadRule.objects.get(kind="craftsman")
    assert row.as_rule() == qualification.Rule(
        honours=(
            qualification.HonourNeed("craftsman", "city"),
            qualification.HonourNeed("tech_expert", ""),
        ),
        min_skill_level=SkillLevel.L3,
        match="all",
    )
    entry = AuditEntry.objects.get(object_type="innovation.leadrule")
    assert entry.action == "create" and entry.org_path == ""
    assert entry.changes["rule"] == [
        "获“工匠”称号",
        "技能等级达到三级/高级工及以上，并同时获市级及以上工匠和“技术能手”称号",
    ]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"level_may_day": "city", "honour_model_worker": "on"},
            "未勾选“五一劳动奖章”却设了最低级别",
        ),
        ({"honour_model_worker": "on", "match": "all"}, "“须全部具备”须至少勾选两项荣誉"),
        ({"match": "all"}, "“须全部具备”须至少勾选两项荣誉"),
        ({"honour_craftsman": "on", "level_craftsman": "town"}, "选择一个有效的选项"),
    ],
)
def test_contradictory_forms_are_refused_with_a_message_and_nothing_saved(
    cast, login, post, message
):
    data = {"match": "any", "min_skill_level": "0", **post}
    response = login(cast["platform"]).post(_url("lead_rule_edit"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LeadRule.objects.exists()
    assert not AuditEntry.objects.filter(object_type="innovation.leadrule").exists()


def test_the_form_opens_with_the_rule_in_force(cast, login):
    form = login(cast["platform"]).get(_url("lead_rule_edit", "skill_master")).context["form"]
    assert form["honour_tech_expert"].value() and form["honour_skill_master"].value()
    assert not form["honour_model_worker"].value()
    assert form["min_skill_level"].value() == SkillLevel.L2


def test_reset_goes_back_to_the_default_and_is_logged(cast, login):
    services_lead_rules.set_lead_rule(by=cast["platform"], kind="model_worker", **NATIONAL_ONLY)
    response = login(cast["platform"]).post(_url("lead_rule_reset"))
    assert response.status_code == 302
    assert not LeadRule.objects.exists()
    entry = AuditEntry.objects.filter(object_type="innovation.leadrule").latest("pk")
    assert entry.action == "delete"
    assert entry.changes["rule"] == ["获全国劳动模范", "获市级及以上劳动模范或五一劳动奖章"]
    with pytest.raises(ValidationError, match="已在使用默认规则"):
        services_lead_rules.reset_lead_rule(by=cast["platform"], kind="model_worker")


def test_saving_the_same_rule_again_writes_no_entry(cast):
    services_lead_rules.set_lead_rule(by=cast["platform"], kind="model_worker", **NATIONAL_ONLY)
    services_lead_rules.set_lead_rule(by=cast["platform"], kind="model_worker", **NATIONAL_ONLY)
    assert AuditEntry.objects.filter(object_type="innovation.leadrule").count() == 1


# --- the rule bites ----------------------------------------------------------------------------


def test_after_an_edit_a_lead_who_qualified_before_is_refused(cast, studio_people):
    # 洪志明 is a provincial 劳动模范: enough under the default (市级及以上), not for 全国 only.
    fields = studio_fields(cast, studio_people, state="applying", named_on=None)
    services_lead_rules.set_lead_rule(by=cast["platform"], kind="model_worker", **NATIONAL_ONLY)
    with pytest.raises(ValidationError) as err:
        services.create_studio(by=cast["town_admin"], **fields)
    assert err.value.message_dict["lead"] == [
        "洪志明不符合劳模创新工作室领办人条件：领办人须获全国劳动模范，名册中没有这样的荣誉"
    ]
    services_lead_rules.reset_lead_rule(by=cast["platform"], kind="model_worker")
    assert services.create_studio(by=cast["town_admin"], **fields).lead == studio_people["lead"]


def test_a_rule_needing_each_honour_refuses_a_lead_with_one_of_them(cast, studio_people):
    services_lead_rules.set_lead_rule(
        by=cast["platform"],
        kind="model_worker",
        honours=[{"kind": "model_worker", "min_level": "city"}, {"kind": "may_day"}],
        match="all",
    )
    fields = studio_fields(cast, studio_people)
    with pytest.raises(ValidationError, match="名册中缺少五一劳动奖章"):
        services.create_studio(by=cast["town_admin"], **fields)
    add_honour(
        by=cast["town_admin"],
        worker=studio_people["lead"],
        kind=Honour.Kind.MAY_DAY_MEDAL,
        level=Honour.Level.CITY,
        year=2022,
    )
    assert services.create_studio(by=cast["town_admin"], **fields).founded == datetime.date(
        2024, 3, 1
    )
