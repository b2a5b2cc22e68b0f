"""The theory marks' upload: the guard's refusals reach its page in Chinese."""

import io

import pytest
from django.urls import reverse

from jiangxin.competitions.models import ExamScore
from jiangxin.core.tests.sheetfiles import sparse_sheet, zip_bomb

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "message"),
    [(sparse_sheet(), "表格范围过大"), (zip_bomb(256 * 1024), "疑似压缩炸弹")],
    ids=["sparse sheet", "zip bomb"],
)
def test_the_theory_marks_import_refuses_a_hostile_file(running, login, cast, data, message):
    theory = running["competition"].components.get(kind="theory")
    url = reverse("theory_marks_import", args=[theory.competition_id, theory.pk])
    upload = io.BytesIO(data)
    upload.name = "marks.xlsx"
    client = login(cast["county_admin"])
    response = client.post(url, {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not ExamScore.objects.exists()
    page = reverse("theory_marks", args=[theory.competition_id, theory.pk])
    assert client.get(page).status_code == 200
