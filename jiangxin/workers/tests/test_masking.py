"""Personal data is masked everywhere unless the viewer may see it; unmasking is logged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiangxin.audit.models import AuditEntry
from jiangxin.core.cells import safe_cell
from jiangxin.core.masking import mask_id_number, mask_mobile
from jiangxin.workers.services import update_worker


def test_mask_shapes():
    assert mask_id_number("35058219900101123X") == "350582********123X"
    assert mask_mobile("13812345678") == "138****5678"


@pytest.mark.parametrize("who", ["town_admin", "county_viewer", "platform", "admin_a"])
def test_pages_show_only_masked_numbers(cast, login, who):
    worker = cast["worker_a"]
    client = login(cast[who])
    for url in [reverse("worker_list"), reverse("worker_detail", args=[worker.pk])]:
        body = client.get(url).content.decode()
        assert worker.id_number() not in body and worker.mobile() not in body
        assert worker.id_number_masked in body


def test_union_admin_unmasks_one_record_and_it_is_logged(cast, login):
    worker = cast["worker_a"]
    client = login(cast["town_admin"])
    response = client.post(reverse("worker_unmask", args=[worker.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    body = response.content.decode()
    assert worker.id_number() in body and worker.mobile() in body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNMASK)
    assert entry.actor == cast["town_admin"]
    assert entry.object_id == str(worker.pk) and entry.ip == "10.1.2.3"
    assert entry.org_path == worker.organisation.path


@pytest.mark.parametrize(
    ("who", "status"),
    [("county_viewer", 403), ("admin_b", 404), ("sibling_admin", 404), ("outsider", 404)],
)
def test_others_cannot_unmask_and_nothing_is_logged(cast, login, who, status):
    response = login(cast[who]).post(reverse("worker_unmask", args=[cast["worker_a"].pk]))
    assert response.status_code == status
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UNMASK).exists()


def test_a_worker_may_unmask_their_own_record(cast, login):
    response = login(cast["worker_user"]).post(reverse("worker_unmask", args=[cast["worker_a"].pk]))
    assert cast["worker_a"].id_number() in response.content.decode()


def test_export_is_masked_by_default(cast, login):
    response = login(cast["town_admin"]).get(reverse("worker_export"))
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    by_name = {r[0]: r for r in rows}
    assert by_name["柯宝馨"][3] == cast["worker_a"].id_number_masked
    assert by_name["柯宝馨"][4] == cast["worker_a"].mobile_masked
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, changes__rows=2).exists()


def test_unmasked_export_only_for_editable_rows_and_logged(cast, login):
    response = login(cast["county_viewer"]).get(reverse("worker_export"), {"unmasked": "1"})
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert all("*" in r[3] for r in rows)  # a viewer may not unmask
    response = login(cast["town_admin"]).get(reverse("worker_export"), {"unmasked": "1"})
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    )
    assert {r[3] for r in rows} == {cast["worker_a"].id_number(), cast["worker_b"].id_number()}
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UNMASK, actor=cast["town_admin"]
    ).exists()


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\0=HYPERLINK(1)"])
def test_export_cells_that_a_spreadsheet_would_run_are_escaped(text):
    out = safe_cell(text)
    assert out.startswith("'") or not out.startswith(("=", "+", "-", "@", "\t"))
    assert "\0" not in out


def test_export_escapes_formula_like_job_posts(cast, login):
    update_worker(
        by=cast["platform"], worker=cast["worker_a"], job_post='=HYPERLINK("http://evil","点我")'
    )
    response = login(cast["town_admin"]).get(reverse("worker_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    posts = [r[11] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","点我")' in posts
    assert all(not (isinstance(p, str) and p.startswith("=")) for p in posts)


def test_a_level_the_occupation_lacks_is_refused_with_the_levels_it_has(cast):
    from django.core.exceptions import ValidationError

    from jiangxin import factories as f
    from jiangxin.workers.models import SkillLevel

    occupation = f.occupation()
    with pytest.raises(
        ValidationError, match="只设 四级/中级工、三级/高级工、二级/技师、一级/高级技师"
    ):
        update_worker(
            by=cast["platform"],
            worker=cast["worker_a"],
            occupation=occupation,
            skill_level=SkillLevel.L5,
        )
    cast["worker_a"].refresh_from_db()
    assert cast["worker_a"].occupation is None  # nothing changed
