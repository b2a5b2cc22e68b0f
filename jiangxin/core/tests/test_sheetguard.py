"""The spreadsheet guard against real hostile files: refused quickly, in constant memory; real
workbooks let through with a bound on the grid the parser will build, checked against calamine.

No database: the guard is a pure module."""

from __future__ import annotations

import io
import json
import random
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from jiangxin.core import sheetguard
from jiangxin.core.sheetguard import Limits, Refused, xmlscan
from jiangxin.core.tests.sheetfiles import sheet_xml, sparse_sheet, xlsx, zip_bomb

ROOT = Path(__file__).resolve().parents[3]
XLS_FIXTURE = ROOT / "jiangxin" / "workers" / "tests" / "fixtures" / "roster.xls"
MB = 1024 * 1024


def measured_check(data: bytes, tmp_path: Path) -> dict:
    """Run the guard on ``data`` in a fresh interpreter: seconds taken, the peak resident size
    before and after (KB), and the refusal's text."""
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from jiangxin.core import sheetguard
from jiangxin.core.sheetguard import ole, zipparts  # imported (numpy too) before the clock starts
data = open({str(path)!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    sheetguard.check(data)
    refusal = None
except sheetguard.Refused as err:
    refusal = str(err)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "before": before, "after": after, "refusal": refusal}}))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return json.loads(done.stdout)


def test_a_sparse_sheet_claiming_xfd1048576_is_refused_at_once_in_constant_memory(tmp_path):
    data = sparse_sheet()
    assert len(data) < 2048  # the reported file was 1.6 KB
    # Without the guard calamine asks for 1,048,576 × 16,384 cells × 32 bytes: see
    # test_ceiling.test_calamine_on_the_sparse_sheet_dies_in_its_child_not_here.
    result = measured_check(data, tmp_path)
    assert "表格范围过大" in result["refusal"] and "1048576 行" in result["refusal"]
    assert result["seconds"] < 0.5
    assert result["after"] - result["before"] < 100 * 1024  # KB: under 100 MB of growth


@pytest.mark.parametrize("size", [256 * 1024, 1024 * 1024], ids=["256KB", "1MB"])
@pytest.mark.parametrize("directory", ["honest", "lying"])
def test_a_zip_bomb_is_refused_at_once_in_constant_memory(tmp_path, size, directory):
    declared = 64 * 1024 if directory == "lying" else None
    data = zip_bomb(size, declared_size=declared)
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert size * 0.9 < len(data) <= size
    if directory == "honest":  # about 1000:1, as reported: 256 MB and 1 GB of sheet XML
        assert sheet.file_size > 900 * sheet.compress_size
    else:  # the directory claims 64 KB: only inflating tells
        assert sheet.file_size == 64 * 1024
    result = measured_check(data, tmp_path)
    assert "疑似压缩炸弹" in result["refusal"]
    assert result["seconds"] < 0.5
    assert result["after"] - result["before"] < 100 * 1024


def test_an_honest_bomb_is_refused_from_its_directory_alone():
    with pytest.raises(Refused, match="疑似压缩炸弹"):
        sheetguard.quick_check(zip_bomb(256 * 1024))


def _roster_workbook(rows: int, columns: int = 14) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("职工名册")
    ws.append([f"列{c}" for c in range(columns)])
    for r in range(rows):
        ws.append([f"值{r}-{c}" for c in range(columns)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_roster_shaped_workbook_passes_with_its_exact_size():
    report = sheetguard.check(_roster_workbook(5000))
    # 5,001 rows (header and data) × 14 columns, found exactly
    assert (report.kind, report.rows, report.columns, report.formulas) == ("xlsx", 5001, 14, False)


def test_the_caps_come_from_the_limits_given():
    small = Limits(max_rows=1000)
    with pytest.raises(Refused, match="表格范围过大"):
        sheetguard.check(_roster_workbook(1500), small)
    sheetguard.check(_roster_workbook(900), small)


def test_a_declared_dimension_beyond_the_caps_is_refused():
    cells = b'<row r="1"><c r="A1"><v>1</v></c></row>'
    with pytest.raises(Refused, match="表格范围过大"):
        sheetguard.check(xlsx(sheet_xml(cells, dimension="A1:XFD1048576")))
    sheetguard.check(xlsx(sheet_xml(cells, dimension="A1:N100001")))


def test_a_shared_string_count_beyond_the_caps_is_refused():
    sst = b'<sst xmlns="x" count="1" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    cells = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    with pytest.raises(Refused, match="文字条目"):
        sheetguard.check(xlsx(sheet_xml(cells), shared_strings=sst))


def test_more_parts_than_the_cap_are_refused_before_zipfile_reads_them():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(1001):
            z.writestr(f"xl/media/p{i}.xml", b"<a/>")
    with pytest.raises(Refused, match="部件超过 1000 个"):
        sheetguard.quick_check(out.getvalue())


def test_parts_sharing_their_bytes_are_refused():
    """Fifield's overlapping-file bomb: many directory entries, one compressed stream."""
    good = xlsx(sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>'))
    z = zipfile.ZipFile(io.BytesIO(good))
    sheet = z.getinfo("xl/worksheets/sheet1.xml")
    end = good.rfind(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack_from("<HII", good, end + 10)
    entry = good[cd_offset : cd_offset + cd_size]
    at = entry.find(b"xl/worksheets/sheet1.xml") - 46
    twin = bytearray(entry[at : at + 46 + len(sheet.filename)])
    twin[46:] = b"xl/worksheets/sheet2.xml"
    forged = (
        good[:end]
        + bytes(twin)
        + struct.pack(
            "<4sHHHHIIH",
            b"PK\x05\x06",
            0,
            0,
            entries + 1,
            entries + 1,
            cd_size + len(twin),
            cd_offset,
            0,
        )
    )
    with pytest.raises(Refused, match="疑似压缩炸弹"):
        sheetguard.quick_check(forged)


def test_encrypted_or_other_formats_are_refused_with_a_message():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(Refused, match="文件已损坏"):
        sheetguard.quick_check(out.getvalue())
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<office:document-content/>")
    with pytest.raises(Refused, match="只支持 .xlsx"):
        sheetguard.quick_check(ods.getvalue())


def test_a_sheet_in_utf16_is_refused():
    sheet = sheet_xml(b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>').decode()
    with pytest.raises(Refused, match="结构异常"):
        sheetguard.check(xlsx(b"\xff\xfe" + sheet.encode("utf-16-le")))


# --- sheets written unusually: followed element by element, bounded all the same ------------

UNUSUAL = {
    # cells without a reference go after the previous one: 20,000 of them reach column 20,001
    "cells without references": (b"<row>" + b"<c/>" * 20_000 + b"<c><v>1</v></c></row>"),
    "a prefixed cell": b'<row r="1"><x:c xmlns:x="m" r="XFD1048576"><x:v>1</x:v></x:c></row>',
    "a reference in lower case": b'<row r="1"><c r="xfd1048576"><v>1</v></c></row>',
    "a spaced reference": b"<row r='1'><c r = 'XFD1048576'><v>1</v></c></row>",
    "rows without numbers": b"<row><c><v>1</v></c></row>" * 3
    + b'<row r="1048576"><c><v>1</v></c></row>',
    # a comment ends sheetData early for a byte search; calamine reads on
    "a false end in a comment": b'<row r="1"><c r="A1"><v>1</v></c></row><!-- </sheetData> -->'
    b'<row r="2"><c r="XFD2"><v>1</v></c></row>',
}


@pytest.mark.parametrize("case", list(UNUSUAL))
def test_an_unusually_written_sheet_is_still_bounded(case):
    with pytest.raises(Refused, match="表格范围过大"):
        sheetguard.check(xlsx(sheet_xml(UNUSUAL[case])))


def test_a_second_reference_in_a_cell_is_never_let_through():
    """calamine keeps the last ``r`` of a cell; expat refuses a repeated attribute outright."""
    for cells in (
        b'<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>',
        b'<row r="1"><c r="A1" r = \'XFD1048576\'><v>1</v></c></row>',
    ):
        with pytest.raises(Refused):
            sheetguard.check(xlsx(sheet_xml(cells)))


def test_a_sheet_cut_off_inside_a_tag_is_refused():
    cut = sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>').split(b"</sheetData>")[0]
    with pytest.raises(Refused, match="文件已损坏"):
        sheetguard.check(xlsx(cut + b'<c r="XFD1048576"'))


def test_a_cell_inside_a_cell_or_a_doctype_is_refused():
    nested = b"<row><c><is><c/></is></c></row>"
    with pytest.raises(Refused, match="结构异常"):
        sheetguard.check(xlsx(sheet_xml(nested)))
    doctype = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "b">]><worksheet><sheetData><row><c><v>&a;</v></c></row></sheetData></worksheet>'
    with pytest.raises(Refused, match="结构异常"):
        sheetguard.check(xlsx(doctype))


def _random_sheet(rng: random.Random) -> tuple[bytes, str]:
    """A small sheet of valued cells in one of the ways writers write them."""
    style = rng.choice(["excel", "implicit", "mixed", "prefixed", "spaced", "shuffled"])
    rows = []
    for r in range(1, rng.randint(1, 12) + 1):
        row_number = r + (rng.randint(0, 40) if style == "shuffled" else 0)
        cells = []
        for col in sorted(rng.sample(range(1, 30), rng.randint(1, 6))):
            ref = f"{xmlscan.column_letters(col)}{row_number}"
            if style == "implicit" or (style == "mixed" and rng.random() < 0.5):
                cells.append("<c><v>1</v></c>")
            elif style == "prefixed":
                cells.append(f'<x:c r="{ref}"><x:v>1</x:v></x:c>')
            elif style == "spaced":
                cells.append(f"<c  r = '{ref}' ><v>1</v></c>")
            else:
                cells.append(f'<c r="{ref}" t="n"><v>1</v></c>')
        number = "" if style == "implicit" and rng.random() < 0.5 else f' r="{row_number}"'
        rows.append(f"<row{number}>{''.join(cells)}</row>")
    if style == "shuffled":
        rng.shuffle(rows)
    body = "".join(rows).encode()
    if style == "prefixed":
        body = body.replace(
            b"<row", b'<row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', 1
        )
    return sheet_xml(body), style


def _calamine_extent(data: bytes) -> tuple[int, int]:
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(data))
        .get_sheet_by_index(0)
        .to_python(skip_empty_area=False)
    )
    return len(rows), max((len(r) for r in rows), default=0)


def test_the_bound_always_covers_the_grid_calamine_builds():
    """The oracle is calamine itself: on 300 small sheets in six writing styles, the exact scan
    finds the grid calamine builds, and what the guard reports is never below it (and, on the
    usual way of writing, read with numpy, is it)."""
    rng = random.Random(20260115)
    for _ in range(300):
        sheet, style = _random_sheet(rng)
        data = xlsx(sheet)
        truth = _calamine_extent(data)
        exact = xmlscan.ExactScan("xl/worksheets/sheet1.xml", Limits())
        exact.feed(sheet)
        extent = exact.finish()
        assert (extent.rows, extent.columns) == truth, (style, sheet)
        report = sheetguard.check(data)
        assert report.rows >= truth[0] and report.columns >= truth[1], (style, sheet)
        if style in ("excel", "shuffled"):
            assert (report.rows, report.columns) == truth


def test_a_sheet_read_in_chunks_of_any_size_gives_the_same_extent():
    sheet = sheet_xml(
        b"".join(
            f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="N{r}"><v>2</v></c></row>'.encode()
            for r in range(1, 3000)
        )
    )
    whole = xmlscan.FastScan("s.xml", Limits())
    whole.feed(sheet)
    expected = whole.finish()
    for cut in (1, 7, 64, 65, 1000, 4096):
        scan = xmlscan.FastScan("s.xml", Limits())
        for at in range(0, len(sheet), cut * 13):
            scan.feed(sheet[at : at + cut * 13])
        assert scan.finish() == expected


# --- legacy .xls ------------------------------------------------------------------------------


def test_the_legacy_xls_roster_passes():
    report = sheetguard.check(XLS_FIXTURE.read_bytes())
    assert report.kind == "xls" and report.rows == 4 and report.columns == 13


def _patched(offset: int, fmt: str, *values) -> bytes:
    data = bytearray(XLS_FIXTURE.read_bytes())
    struct.pack_into(fmt, data, offset, *values)
    return bytes(data)


def test_an_xls_whose_header_claims_more_sectors_than_it_has_is_refused():
    # calamine reserves the FAT (4 bytes a sector) from this count before reading anything
    with pytest.raises(Refused, match="结构异常"):
        sheetguard.quick_check(_patched(44, "<I", 0xFFFFFFF0))


def test_an_xls_whose_difat_chain_loops_is_refused():
    data = bytearray(XLS_FIXTURE.read_bytes())
    struct.pack_into("<II", data, 68, 0, 1)  # the DIFAT chain starts at sector 0...
    struct.pack_into("<I", data, 512 + 508, 0)  # ...whose last entry points back to itself
    with pytest.raises(Refused):
        sheetguard.check(bytes(data))


def test_an_xls_whose_dimensions_or_cells_reach_too_far_are_refused():
    data = XLS_FIXTURE.read_bytes()
    dims = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, BIFF8: rows as u32, columns as u16
    with pytest.raises(Refused, match="表格范围过大"):
        sheetguard.check(_patched(dims + 8, "<I", 0xFFFFFFFF))
    label = data.find(b"\xfd\x00\x0a\x00")  # LABELSST: row, column, style, string index
    with pytest.raises(Refused, match="表格范围过大"):
        sheetguard.check(_patched(label + 4, "<HH", 65535, 255))


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a,b\n" * 2000 + b"\x00" + b"c,d\n", "不是表格文件"),  # a NUL past the first 4 KB
        (bytes(range(1, 32)) * 10, "不是表格文件"),  # control characters: binary
        (b"\xff\xfe\xfd" * 100, "无法识别 CSV 文件的编码"),
    ],
    ids=["NUL after 4 KB", "control characters", "not UTF-8 or GB18030"],
)
def test_a_csv_that_is_not_text_is_refused_with_a_message(data, message):
    with pytest.raises(Refused, match=message):
        sheetguard.check(data)


def test_a_csv_in_gb18030_is_text():
    assert sheetguard.check("姓名,公民身份号码\n张三,1\n".encode("gb18030")).kind == "csv"


def test_timing_of_a_checked_file_does_not_depend_on_what_it_claims():
    """A declared extent costs nothing: the refusal comes from the first chunk."""
    start = time.perf_counter()
    for ref in ("XFD1048576", "ZZ999999", "A999999999"):
        with pytest.raises(Refused):
            sheetguard.check(sparse_sheet(ref))
    assert time.perf_counter() - start < 0.5
