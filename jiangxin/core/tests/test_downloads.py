"""A download's file name is Chinese, sent as RFC 5987 ``filename*`` with an ASCII stand-in."""

import re
from urllib.parse import unquote

from django.urls import reverse

from jiangxin.core.downloads import content_disposition


def _filename(header: str) -> str:
    """The name a browser saves under: ``filename*`` when present (RFC 6266 §4.3)."""
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header, re.IGNORECASE)
    if extended:
        return unquote(extended[1], errors="strict")
    return re.search(r'filename="([^"]*)"', header)[1]


def test_the_header_carries_the_chinese_name_and_an_ascii_fallback():
    header = content_disposition("职工名册-20250301-0930.xlsx")
    assert header.startswith("attachment; ")
    assert "filename*=UTF-8''" in header
    assert header.isascii()  # nothing raw in the header
    assert 'filename="20250301-0930.xlsx"' in header
    assert _filename(header) == "职工名册-20250301-0930.xlsx"
    encoded = header.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "职工名册-20250301-0930.xlsx"


def test_a_name_with_no_ascii_at_all_still_has_a_fallback():
    header = content_disposition("师徒协议-陈志伟.pdf", inline=True)
    assert header.startswith("inline; ") and 'filename="download.pdf"' in header
    assert _filename(header) == "师徒协议-陈志伟.pdf"


def test_the_roster_export_and_the_import_template_download_under_chinese_names(cast, login):
    client = login(cast["county_admin"])
    export = client.get(reverse("worker_export"))
    assert _filename(export["Content-Disposition"]).startswith("职工名册-")
    template = client.get(reverse("import_template"))
    assert _filename(template["Content-Disposition"]) == "职工名册导入模板.xlsx"
