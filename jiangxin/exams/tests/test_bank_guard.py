"""The question bank's upload: the guard's refusals reach its page in Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.core.tests.sheetfiles import sparse_sheet, zip_bomb
from jiangxin.exams.models import Question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "message"),
    [(sparse_sheet(), "表格范围过大"), (zip_bomb(256 * 1024), "疑似压缩炸弹")],
    ids=["sparse sheet", "zip bomb"],
)
def test_the_bank_import_page_refuses_a_hostile_file(cast, client, data, message):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("question_import"),
        {
            "organisation": cast["county"].pk,
            "occupation": f.occupation().pk,
            "file": SimpleUploadedFile("bank.xlsx", data),
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Question.objects.exists()
    assert client.get(reverse("question_list")).status_code == 200


def test_the_bank_import_takes_spreadsheets_only(cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("question_import"),
        {
            "organisation": cast["county"].pk,
            "occupation": f.occupation().pk,
            "file": SimpleUploadedFile("bank.svg", b"<svg/>"),
        },
    )
    assert "只能上传 .xlsx、.xls 或 .csv 文件" in response.content.decode()
