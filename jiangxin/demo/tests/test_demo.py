"""The demo builds the article's union tree and a valid synthetic roster, with a login per role."""

import pytest
from django.core.management import call_command
from django.test import Client

from jiangxin.demo import roster
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.workers.idnumber import parse_id_number
from jiangxin.workers.models import Occupation, Worker


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_the_union_tree_of_the_article(demo):
    anhai = Organisation.objects.get(name="安海镇总工会")
    assert [a.name for a in anhai.ancestors()] == ["福建省总工会", "泉州市总工会", "晋江市总工会"]
    assert Organisation.objects.filter(kind=Organisation.Kind.TOWN).count() >= 2  # another town too
    for name in ["福建省晋工机械有限公司", "晋江力利玩具有限公司", "福建恒安集团"]:
        assert Enterprise.objects.get(name=name).union.path.startswith(anhai.path)
    assert set(Industry.objects.values_list("name", flat=True)) == {
        "食品饮料",
        "纸制品",
        "五金机械",
        "玩具文具",
        "制革",
    }
    assert (
        Occupation.objects.get(name="劳动关系协调员").level_labels()
        == "四级/中级工、三级/高级工、二级/技师、一级/高级技师"
    )


def test_about_two_thousand_workers_with_valid_id_numbers(demo):
    workers = list(Worker.objects.all())
    assert 1800 <= len(workers) <= 2300
    for worker in workers:
        parsed = parse_id_number(worker.id_number())
        assert parsed.gender == worker.gender and parsed.birth_date == worker.birth_date
        assert worker.org_path == worker.organisation.path
    assert Worker.objects.filter(employment_form=Worker.EmploymentForm.PLATFORM).exists()


@pytest.mark.parametrize(
    "username",
    ["platform", "quanzhou", "jinjiang", "anhai", "dongshi", "jingong", "lili", "zhigong"],
)
def test_every_demo_login_works(demo, username):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": roster.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_loading_twice_changes_nothing(demo):
    before = Worker.objects.count()
    call_command("load_demo", verbosity=0)
    assert Worker.objects.count() == before


def test_registrations_wait_for_the_enterprise_union(demo):
    from jiangxin.accounts.models import Registration, User

    pending = Registration.objects.filter(status=Registration.Status.PENDING)
    assert pending.count() == 2
    assert {r.enterprise.name for r in pending} == {"福建省晋工机械有限公司"}
    jingong = User.objects.get(username="jingong")
    assert set(Registration.objects.editable_by(jingong)) == set(pending)
