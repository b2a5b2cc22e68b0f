"""Real hostile spreadsheet files for the guard's tests, built byte by byte with zipfile/zlib.

- :func:`sparse_sheet`: a ~1.5 KB .xlsx whose one sheet has a value in A1 and one at
  XFD1048576 (calamine would allocate 1,048,576 × 16,384 cells × 32 bytes = 512 GiB).
- :func:`zip_bomb`: an .xlsx whose sheet holds one cell of text, a run of one letter deflated
  about 1000:1, to a chosen compressed size; its directory may tell the truth about the inflated
  size or lie.
  The deflate stream is one compressed block repeated: after ``Z_FULL_FLUSH`` deflate starts
  afresh, so the same input compresses to the same bytes, and a gigabyte costs no time to build.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def sheet_xml(cells: bytes, *, dimension: str | None = None) -> bytes:
    """A worksheet whose ``<sheetData>`` holds ``cells`` (rows and cells, as written)."""
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_HEAD + dim + b"<sheetData>" + cells + b"</sheetData></worksheet>"


def xlsx(sheet: bytes, *, shared_strings: bytes | None = None) -> bytes:
    """A workbook of one sheet, zipped (deflated) as Excel does."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def sparse_sheet(ref: str = "XFD1048576") -> bytes:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    cells = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>'
        + f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
    )
    return xlsx(sheet_xml(cells))


def _local_header(name: bytes, crc: int, compressed: int, size: int) -> bytes:
    return struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, compressed, size, len(name), 0
    )


def _central_header(name: bytes, crc: int, compressed: int, size: int, offset: int) -> bytes:
    return struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        compressed,
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        offset,
    )


def zip_bomb(compressed_bytes: int, *, declared_size: int | None = None) -> bytes:
    """An .xlsx whose sheet inflates about 1000:1 from ``compressed_bytes``. Its directory
    declares the true inflated size unless ``declared_size`` says otherwise (a lie)."""
    head = SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    block = b"A" * (1024 * 1024)  # one cell's text: a megabyte of one letter, over and over
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head_bytes = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    segment = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    tail_bytes = deflater.compress(tail) + deflater.flush(zlib.Z_FINISH)
    members = [
        (b"[Content_Types].xml", CONTENT_TYPES),
        (b"_rels/.rels", RELS),
        (b"xl/workbook.xml", WORKBOOK),
        (b"xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]
    out = bytearray()
    central = bytearray()
    for name, data in members:
        packed = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        raw = packed.compress(data) + packed.flush()
        entry_crc = zlib.crc32(data)
        central += _central_header(name, entry_crc, len(raw), len(data), len(out)) + name
        out += _local_header(name, entry_crc, len(raw), len(data)) + name + raw
    name = b"xl/worksheets/sheet1.xml"
    overhead = len(out) + len(central) + 2 * (46 + len(name)) + 22 + len(head_bytes + tail_bytes)
    times = max(1, (compressed_bytes - overhead) // len(segment))
    stream = head_bytes + segment * times + tail_bytes
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * times + len(tail)
    declared = size if declared_size is None else declared_size
    central += _central_header(name, crc, len(stream), declared, len(out)) + name
    out += _local_header(name, crc, len(stream), declared) + name + stream
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 5, 5, len(central), len(out), 0)
    return bytes(out + central + end)
