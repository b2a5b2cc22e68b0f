"""登记既有命名 takes its evidence as files: 1–5 PDF/JPG/PNG (the naming document, the plaque's
photo), checked by size and content as an application's materials are (``core.uploads``); a
refused file is a Chinese message on the field and nothing is saved — neither the naming, nor
the event, nor any file. The files are listed on the studio page and downloaded only by those
who may see the studio (town B's admin: 404)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services
from jiangxin.innovation.models import NamingEvidence, Studio, StudioEvent
from jiangxin.innovation.tests.batches_fixtures import PDF, pdf
from jiangxin.innovation.tests.conftest import studio_fields

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture
def applying(cast, studio_people):
    return services.create_studio(
        by=cast["admin_a"],
        **studio_fields(
            cast,
            studio_people,
            name="洪志明全国劳模创新工作室",
            naming_level="town",
            naming_body=None,
            state="applying",
            named_on=None,
            plaque_number="",
        ),
    )


def _record(cast, studio, files):
    return services.record_existing_naming(
        by=cast["town_admin"],
        studio=studio,
        naming_level="national",
        naming_body=None,
        outside_body="全国总工会",
        named_on=datetime.date(2024, 12, 1),
        plaque_number="QG-2024-88",
        note="总工发〔2024〕12号",
        files=files,
    )


def _nothing_saved(studio, settings):
    studio.refresh_from_db()
    assert studio.state == "applying" and studio.named_on is None
    assert not StudioEvent.objects.exists() and not NamingEvidence.objects.exists()
    media = settings.MEDIA_ROOT / "innovation"
    assert not media.exists() or not any(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "请上传命名文件或牌匾照片（PDF、JPG 或 PNG，1–5 个）"),
        ([pdf(f"第{n}页.pdf") for n in range(6)], "命名文件或牌匾照片最多 5 个，您选了 6 个"),
        (
            [pdf("命名文件.pdf"), pdf("牌匾.pdf", EXE)],
            "“牌匾.pdf”：文件的内容不是 PDF 文件（扩展名与内容不符",
        ),
        ([pdf("牌匾.png", PDF)], "“牌匾.png”：文件的内容不是 PNG 文件"),
        ([pdf("命名文件.docx")], "“命名文件.docx”：只能上传 PDF、JPG 或 PNG 文件"),
        (
            [pdf("大图.pdf", PDF + b"0" * (1024 * 1024))],
            "“大图.pdf”：文件大小为 1.0 MB，超过上限 1 MB",
        ),
    ],
)
def test_a_refused_file_saves_nothing(cast, applying, settings, files, message):
    settings.STUDIO_ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as err:
        _record(cast, applying, files)
    assert list(err.value.message_dict) == ["files"]
    assert message in " ".join(err.value.message_dict["files"])
    _nothing_saved(applying, settings)


def _post(client, studio, files, **over):
    data = {
        "naming_level": "national",
        "outside_body": "全国总工会",
        "named_on": "2024-12-01",
        "plaque_number": "QG-2024-88",
        "note": "总工发〔2024〕12号",
        "files": files,
        **over,
    }
    return client.post(reverse("studio_record_naming", args=[studio.pk]), data)


def test_the_form_says_why_on_the_field_and_keeps_the_input(login, cast, applying, settings):
    client = login(cast["town_admin"])
    response = _post(client, applying, [pdf("牌匾.pdf", EXE)])
    assert response.status_code == 400
    html = response.content.decode()
    field = html.split('name="files"')[1]  # the message follows its input
    assert "文件的内容不是 PDF 文件" in field.split("</div>")[0] + field.split("</div>")[1]
    assert "总工发〔2024〕12号" in html and "QG-2024-88" in html  # what was typed stays
    _nothing_saved(applying, settings)
    missing = _post(client, applying, [])
    assert "请上传命名文件或牌匾照片" in missing.content.decode()
    _nothing_saved(applying, settings)


def test_the_files_are_kept_listed_and_downloaded_by_who_sees_the_studio(
    login, cast, applying, settings
):
    town = login(cast["town_admin"])
    response = _post(town, applying, [pdf("全总命名文件.pdf"), pdf("牌匾.png", PNG)])
    assert response.status_code == 302
    applying.refresh_from_db()
    assert applying.state == "named"
    event = StudioEvent.objects.get(studio=applying)
    assert "（附命名文件 2 个）" in event.reason
    files = list(NamingEvidence.objects.filter(studio=applying))
    assert [(e.original_name, e.kind, e.event) for e in files] == [
        ("全总命名文件.pdf", "pdf", event),
        ("牌匾.png", "png", event),
    ]
    # under MEDIA_ROOT, named by us
    for e in files:
        assert e.file.name.startswith("innovation/naming/") and "牌匾" not in e.file.name
        assert (settings.MEDIA_ROOT / e.file.name).exists()
    audit = AuditEntry.objects.get(object_type="innovation.studioevent", object_id=str(event.pk))
    assert audit.changes["files"] == ["全总命名文件.pdf", "牌匾.png"]
    # listed on the studio page, for whoever sees the studio (the enterprise union too)
    page = login(cast["admin_a"]).get(reverse("studio_detail", args=[applying.pk]))
    urls = [reverse("studio_evidence_file", args=[applying.pk, e.pk]) for e in files]
    assert all(u in page.content.decode() for u in urls)
    download = login(cast["admin_a"]).get(urls[1])
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PNG
    # town B's admin, an outsider: 404, as the studio page
    for who in ("sibling_admin", "outsider"):
        assert login(cast[who]).get(urls[0]).status_code == 404
        assert login(cast[who]).get(reverse("studio_detail", args=[applying.pk])).status_code == 404


def test_a_file_is_only_reached_through_its_own_studio(login, cast, applying, studio):
    _record(cast, applying, [pdf()])
    evidence = NamingEvidence.objects.get()
    other = reverse("studio_evidence_file", args=[studio.pk, evidence.pk])
    assert login(cast["town_admin"]).get(other).status_code == 404
    assert Studio.objects.count() == 2
