"""The reported input faults, each reproduced: malformed values that gave a 500 (a huge page
number, an oversized integer filter, a 4,132,002-month term, month 13), dates in the years 0227
and 8348 that were accepted, and an invalid filter on the unmasked roster export that was dropped,
exporting the whole subtree. Each is now refused where it enters, in Chinese."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import ric

from jiangxin import factories as f
from jiangxin.accounts.services import create_api_token
from jiangxin.audit.models import AuditEntry
from jiangxin.competitions.models import Delegation
from jiangxin.core.forms import PageField
from jiangxin.mentoring import services as mentoring
from jiangxin.mentoring.models import Programme
from jiangxin.mentoring.tests.conftest import people, programme  # noqa: F401  (fixtures)
from jiangxin.workers.idnumber import IdNumberError, parse_id_number
from jiangxin.workers.models import Worker

HUGE = "99999999999999999999"  # past 2**64


def _api(client, user, method, url, body=None):
    _row, token = create_api_token(by=user, name="t")
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        return client.post(url, json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(url, **kwargs)


# --- huge page numbers and oversized integers ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/v1/workers", "/api/v1/organisations", "/api/v1/competitions", "/api/v1/imports"],
)
def test_a_huge_api_page_number_is_refused_in_chinese(cast, client, url):
    response = _api(client, cast["county_admin"], "get", f"{url}?page={HUGE}")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {"page": ["应不大于 10000000"]}
    assert body["detail"] == "page：应不大于 10000000"


def test_an_oversized_integer_filter_is_refused_by_the_api(cast, client):
    response = _api(client, cast["county_admin"], "get", f"/api/v1/workers?enterprise={HUGE}")
    assert response.status_code == 422 and "enterprise" in response.json()["errors"]


def test_a_huge_page_number_on_a_page_shows_the_last_page(cast, login):
    response = login(cast["county_admin"]).get(reverse("worker_list"), {"page": HUGE})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == page.paginator.num_pages


def test_the_page_field_takes_a_huge_number_as_the_largest_page():
    assert PageField().clean(HUGE) == 10_000_000
    with pytest.raises(ValidationError):
        PageField().clean("-3")


def test_an_id_past_64_bits_in_a_path_is_a_404_not_an_overflow(cast, login):
    client = login(cast["platform"])
    assert client.get(f"/judging/{HUGE}/").status_code == 404
    assert client.post(f"/exam/{HUGE}/answer/").status_code == 404


def test_a_foreign_key_lookup_past_the_column_range_matches_no_row(cast):
    """Django refuses such a number on the column itself, not through a foreign key or an
    ``in`` list: core/lookups.py makes both match nothing instead of overflowing."""
    big = int(HUGE)
    assert list(Worker.objects.filter(enterprise=big)) == []
    assert list(Worker.objects.filter(enterprise_id__in=[big, cast["ent_a"].pk])) == [
        cast["worker_a"]
    ]
    assert list(Delegation.objects.filter(competition_id=big)) == []
    assert Worker.objects.exclude(enterprise=big).count() == Worker.objects.count()


def test_an_admin_list_filter_with_an_oversized_id_shows_the_list(cast, login):
    response = login(cast["platform"]).get(
        "/admin/organisations/enterprise/", {"industry__exact": HUGE}
    )
    assert response.status_code == 200


# --- term_months and months -----------------------------------------------------------------


def _rules(**changes):
    data = {
        "master_min_level": 2,
        "master_min_years": 5,
        "term_months": 12,
        "stipend_monthly": 300,
        "capacity": 3,
        "rate_excellent": 100,
        "rate_pass": 50,
        "rate_fail": 0,
        "w_level": 1,
        "w_preference": 1,
        "w_workshop": 1,
        "w_cross_enterprise": 1,
        "w_load": 1,
    }
    return {**data, **changes}


def test_a_four_million_month_term_is_refused_on_the_rules_page(cast, login, programme):  # noqa: F811
    response = login(cast["town_admin"]).post(
        reverse("programme_rules", args=[programme.pk]), _rules(term_months=4_132_002)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["term_months"] == ["应在 1–60 之间"]
    assert Programme.objects.get(pk=programme.pk).term_months == 12


def test_a_four_million_month_term_is_refused_by_the_api(cast, client, programme, people):  # noqa: F811
    body = {
        "master_id": people["master"].pk,
        "apprentice_id": people["apprentices"][0].pk,
        "starts_on": "2025-03-01",
        "term_months": 4_132_002,
    }
    url = f"/api/v1/mentoring/programmes/{programme.pk}/pairs"
    response = _api(client, cast["town_admin"], "post", url, body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"term_months": ["应不大于 60"]}


def test_the_service_refuses_a_term_past_the_bound_before_adding_months(cast, programme, people):  # noqa: F811
    with pytest.raises(ValidationError, match="带徒期限应在 1–60 个月之间"):
        mentoring.propose_pair(
            by=cast["town_admin"],
            programme=programme,
            master=people["master"],
            apprentice=people["apprentices"][0],
            starts_on=datetime.date(2025, 3, 1),
            term_months=4_132_002,
        )


def test_month_13_on_the_stipend_download_is_a_message(cast, login, programme):  # noqa: F811
    client = login(cast["town_admin"])
    url = reverse("programme_stipends", args=[programme.pk])
    response = client.get(url, {"year": 2025, "month": 13}, follow=True)
    assert "月份应为 1–12" in response.content.decode()


def test_month_13_on_the_log_page_is_a_message(cast, login, programme, people):  # noqa: F811
    master = f.user("linshifu")
    Worker.objects.filter(pk=people["master"].pk).update(account=master)
    pair = mentoring.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=timezone.localdate().replace(day=1),
    )
    mentoring.approve_pair(by=cast["admin_a"], pair=pair)
    response = login(master).get(reverse("pair_checkin", args=[pair.pk]), {"month": "2025-13"})
    assert response.status_code == 200
    assert response.context["query_errors"] == ["月份：月份应写成 2025-04 的样子（月份为 01–12）"]


# --- dates in the years 0227 and 8348 ---------------------------------------------------------


@pytest.mark.parametrize("day", ["0227-05-01", "8348-05-01"])
def test_a_start_date_out_of_range_is_refused_on_the_worker_form(cast, login, day):
    worker = cast["worker_a"]
    response = login(cast["county_admin"]).post(
        reverse("worker_edit", args=[worker.pk]),
        {
            "name": worker.name,
            "organisation": worker.organisation_id,
            "enterprise": worker.enterprise_id,
            "employment_form": worker.employment_form,
            "skill_level": worker.skill_level,
            "start_date": day,
        },
    )
    assert response.context["form"].errors["start_date"] == [
        "日期应在 1900-01-01 至 2100-12-31 之间"
    ]
    worker.refresh_from_db()
    assert worker.start_date != datetime.date.fromisoformat(day)


@pytest.mark.parametrize("day", ["0227-05-01", "8348-05-01"])
def test_a_pair_starting_out_of_range_is_refused_by_the_api(cast, client, programme, people, day):  # noqa: F811
    body = {
        "master_id": people["master"].pk,
        "apprentice_id": people["apprentices"][0].pk,
        "starts_on": day,
    }
    url = f"/api/v1/mentoring/programmes/{programme.pk}/pairs"
    response = _api(client, cast["town_admin"], "post", url, body)
    assert response.status_code == 422 and "starts_on" in response.json()["errors"]


@pytest.mark.parametrize("day", ["0227-05-01", "8348-05-01"])
def test_an_audit_filter_date_out_of_range_is_a_message(cast, login, day):
    response = login(cast["county_admin"]).get(reverse("audit_list"), {"since": day})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()
    assert response.context["form"].errors["since"] == ["日期应在 2000-01-01 至 2100-12-31 之间"]


def test_an_id_number_born_in_0227_is_refused():
    body = "350582" + "02270501" + "011"  # born 1 May 227
    number = body + ric.calc_check_digit(body + "0")
    with pytest.raises(IdNumberError, match="早于 1900 年"):
        parse_id_number(number, today=datetime.date(2025, 1, 1))


def test_the_model_refuses_a_date_out_of_range_whoever_writes(cast):
    worker = cast["worker_a"]
    worker.start_date = datetime.date(8348, 1, 1)
    with pytest.raises(ValidationError) as err:
        worker.full_clean()
    assert "start_date" in err.value.error_dict


# --- the unmasked export with a bad filter ------------------------------------------------------


@pytest.mark.parametrize("organisation", ["abc", HUGE, "union_a"])
def test_an_invalid_filter_on_the_unmasked_export_is_refused_not_dropped(cast, login, organisation):
    value = cast["union_a"].pk if organisation == "union_a" else organisation  # not a choice
    client = login(cast["county_admin"])
    response = client.get(reverse("worker_export"), {"organisation": value, "unmasked": "1"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "下载条件有误" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_valid_filter_on_the_unmasked_export_exports_that_union_only(cast, login):
    client = login(cast["county_admin"])
    response = client.get(
        reverse("worker_export"), {"organisation": cast["town_b"].pk, "unmasked": "1"}
    )
    assert response.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == [cast["worker_c"].name]
