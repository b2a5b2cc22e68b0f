"""Creating and editing workers and enterprises through the pages."""

from django.urls import reverse

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.organisations.models import Enterprise
from jiangxin.workers.models import Worker


def _worker_form(cast, **overrides):
    data = {
        "name": "陈雅婷",
        "id_number": f.id_number(female=True),
        "mobile": "13911112222",
        "organisation": cast["union_a"].pk,
        "enterprise": cast["ent_a"].pk,
        "employment_form": "regular",
        "platform_name": "",
        "job_post": "装配岗",
        "post_category": "key",
        "skill_level": "3",
        "front_line": "on",
        "start_date": "2020-05-01",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_worker_and_gender_comes_from_the_id(cast, login):
    response = login(cast["admin_a"]).post(reverse("worker_new"), _worker_form(cast))
    worker = Worker.objects.get(name="陈雅婷")
    assert response["Location"] == reverse("worker_detail", args=[worker.pk])
    assert worker.gender == "F" and worker.post_category == "key"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(worker.pk)
    ).exists()


def test_bad_worker_input_says_what_to_fix_and_saves_nothing(cast, login):
    client = login(cast["admin_a"])
    cases = [
        ({"id_number": "350582199001011230"}, "校验码错误"),
        ({"id_number": cast["worker_b"].id_number()}, "已在职工名册中"),
        ({"employment_form": "platform"}, "须填写平台名称"),
        ({"enterprise": cast["ent_b"].pk}, "选择一个有效的选项"),  # not this admin's enterprise
        ({"mobile": "12345"}, "11位数字"),
    ]
    for overrides, message in cases:
        response = client.post(reverse("worker_new"), _worker_form(cast, **overrides))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), (overrides, message)
    assert not Worker.objects.filter(name="陈雅婷").exists()


def test_editing_keeps_the_id_when_left_blank(cast, login):
    worker = cast["worker_a"]
    number = worker.id_number()
    data = _worker_form(cast, name="柯宝馨", id_number="", mobile="", job_post="安全员")
    response = login(cast["admin_a"]).post(reverse("worker_edit", args=[worker.pk]), data)
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.id_number() == number and worker.job_post == "安全员"


def test_enterprise_with_a_wrong_credit_code_is_refused(cast, login):
    client = login(cast["town_admin"])
    data = {
        "name": "晋江安海新企业有限公司",
        "credit_code": "91350582MA2Y00010A",
        "industry": cast["ent_a"].industry.pk,
        "size": "small",
        "address": "",
        "union": cast["union_a"].pk,
    }
    response = client.post(reverse("enterprise_new"), data)
    assert "统一社会信用代码校验码错误" in response.content.decode()
    assert not Enterprise.objects.filter(name=data["name"]).exists()


def _grouped(number: str, sep: str) -> str:
    return sep.join([number[:6], number[6:14], number[14:]])


def test_an_id_pasted_with_spaces_or_dashes_is_kept_whole_and_normalised(cast, login):
    client = login(cast["admin_a"])
    page = client.get(reverse("worker_new")).content.decode()
    # No maxlength on the field: the browser would cut "350582 19850612 1239" at 18 characters.
    at = page.index('name="id_number"')
    field = page[page.rindex("<input", 0, at) : page.index(">", at)]
    assert "maxlength" not in field and "novalidate" in page
    for n, sep in enumerate([" ", "-", "\u3000", " - "]):
        number = f.id_number(female=True)
        data = _worker_form(cast, name=f"陈雅{'婷娜丽萍'[n]}", id_number=_grouped(number, sep))
        response = client.post(reverse("worker_new"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert Worker.objects.get(name=data["name"]).id_number() == number


def test_an_id_with_a_lower_case_x_is_accepted(cast, login):
    number = next(n for n in (f.id_number() for _ in range(200)) if n.endswith("X"))
    data = _worker_form(cast, id_number=number.lower())
    response = login(cast["admin_a"]).post(reverse("worker_new"), data)
    assert response.status_code == 302
    assert Worker.objects.get(name="陈雅婷").id_number() == number


def test_a_float_like_id_gets_the_imports_scientific_message(cast, login):
    client = login(cast["admin_a"])
    for raw in ["3.50582E+17", "3.50582e17", "350582198506121000.0"]:
        response = client.post(reverse("worker_new"), _worker_form(cast, id_number=raw))
        assert response.status_code == 200
        body = response.content.decode()
        assert "科学计数法" in body and raw in body  # the typed input is kept
    assert not Worker.objects.filter(name="陈雅婷").exists()


def test_the_registration_form_takes_a_spaced_id_too(cast, login):
    from jiangxin.accounts.forms import RegistrationForm

    number = f.id_number()
    form = RegistrationForm(
        {
            "name": "陈雅婷",
            "id_number": _grouped(number, " "),
            "mobile": "13911113333",
            "enterprise": cast["ent_a"].pk,
            "password": "Worker-pass-2025",  # the form checks the password too
            "password2": "Worker-pass-2025",
            "accept_notice": "on",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == number
