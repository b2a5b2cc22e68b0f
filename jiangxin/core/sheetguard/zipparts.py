"""The .xlsx container: its directory checked, each part inflated here counting real bytes.

Python's ``zipfile`` reads the central directory; nothing else of it is trusted. The raw
compressed bytes of each part are inflated with ``zlib`` in bounded steps (at most ``_OUT``
bytes out per call, fed ``_IN`` bytes at a time), so a part that claims 1 KB and inflates to
1 GB is stopped at the first cap it passes, having used a few megabytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Generator

from jiangxin.core.i18n import gettext as _
from jiangxin.core.sheetguard import RATIO_FLOOR, Limits, Refused, Report, broken, xmlscan

_IN = 64 * 1024  # compressed bytes fed per step
_OUT = 256 * 1024  # inflated bytes taken per step (a chunk stays in the L2 cache while scanned)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … name length, extra length
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def _bomb(name: str) -> Refused:
    return Refused(
        _(
            "文件中的“{name}”解压后过大或压缩比异常（疑似压缩炸弹），已拒绝。请用 Excel 打开后另存为 .xlsx，删除多余的空行和格式后再上传。"
        ).format(name=name[:80])
    )


def _other_format() -> Refused:
    return Refused(_("只支持 .xlsx 格式的 Excel 文件。请在 Excel 或 WPS 中另存为 .xlsx 后上传。"))


def _check_directory_size(data: bytes, limits: Limits) -> None:
    """Before ``zipfile`` builds an object per entry: the end record's entry count and directory
    size must be modest (so the directory itself cannot cost memory)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        raise broken()
    entries, cd_size = struct.unpack_from("<2xHI", data, at + 8)
    locator = data.rfind(_EOCD64_LOCATOR, max(0, at - 20), at)
    if locator >= 0:  # zip64: the figures are in its own end record
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            raise broken()
        entries, cd_size = struct.unpack_from("<QQ", data, record + 32)
    if entries > limits.max_entries or cd_size > limits.max_entries * 1024:
        raise _too_many(limits)


def _too_many(limits: Limits) -> Refused:
    return Refused(
        _("文件中的部件超过 {limit} 个，不像是普通的 Excel 表格。请另存为 .xlsx 后再上传。").format(
            limit=limits.max_entries
        )
    )


def open_parts(data: bytes, limits: Limits) -> list[tuple[zipfile.ZipInfo, int]]:
    """The parts with the offset of each one's compressed bytes, after the directory checks:
    count, method, encryption, duplicates, overlap, declared sizes and ratios."""
    _check_directory_size(data, limits)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
        raise broken() from None
    if len(infos) > limits.max_entries:
        raise _too_many(limits)
    names = {info.filename for info in infos}
    if len(names) != len(infos):
        raise broken()  # two parts of one name: which one a reader takes is anyone's guess
    if "xl/workbook.bin" in names or "content.xml" in names or "mimetype" in names:
        raise _other_format()  # .xlsb or .ods: other parsers, not checked here
    parts, declared_total, spans = [], 0, []
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused(_("文件设置了打开密码。请在 Excel 中取消密码后再上传。"))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise broken()
        start = _data_offset(data, info)
        end = start + info.compress_size
        if end > len(data):
            raise broken()
        spans.append((info.header_offset, end))
        declared_total += info.file_size
        if info.file_size > limits.max_uncompressed or declared_total > limits.max_uncompressed:
            raise _bomb(info.filename)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise _bomb(info.filename)
        parts.append((info, start))
    spans.sort()
    for (_a, end), (start, _b) in zip(spans, spans[1:], strict=False):
        if start < end:  # parts sharing bytes: the overlapping-file zip bomb
            raise _bomb("")
    return parts


def _data_offset(data: bytes, info: zipfile.ZipInfo) -> int:
    try:
        signature, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        raise broken() from None
    if signature != b"PK\x03\x04":
        raise broken()
    return info.header_offset + _LOCAL_HEADER.size + name_len + extra_len


class _Budget:
    """Inflated bytes left for the whole file."""

    def __init__(self, total: int):
        self.left = total


def inflate(
    data: bytes, info: zipfile.ZipInfo, start: int, limits: Limits, budget: _Budget
) -> Generator[bytes, None, None]:
    """The part's bytes, a chunk at a time, as they really inflate; refused the moment they pass
    the declared size, a cap or the ratio, or end short of the declared size."""
    raw = memoryview(data)[start : start + info.compress_size]
    produced = 0

    def count(chunk: bytes, consumed: int) -> bytes:
        nonlocal produced
        produced += len(chunk)
        budget.left -= len(chunk)
        if produced > info.file_size:
            raise _bomb(info.filename)  # more than declared: the directory lies
        if produced > limits.max_uncompressed or budget.left < 0:
            raise _bomb(info.filename)
        if produced > RATIO_FLOOR and produced > limits.max_ratio * max(consumed, 1):
            raise _bomb(info.filename)
        return chunk

    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(raw), _OUT):
            piece = bytes(raw[at : at + _OUT])
            yield count(piece, at + len(piece))
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            for at in range(0, len(raw), _IN):
                pending: bytes | memoryview = raw[at : at + _IN]
                consumed = at + len(pending)
                while True:
                    out = inflater.decompress(pending, _OUT)
                    pending = inflater.unconsumed_tail
                    if out:
                        yield count(out, consumed - len(pending))
                    if inflater.eof or (not pending and len(out) < _OUT):
                        break
                if inflater.eof:
                    break
        except zlib.error:
            raise broken() from None
        if not inflater.eof:
            raise broken()
    if produced != info.file_size:
        raise broken()


def check_xlsx(data: bytes, limits: Limits) -> Report:
    """Every part inflated and counted; every part that holds a worksheet scanned."""
    report = Report(kind="xlsx")
    budget = _Budget(limits.max_uncompressed)
    for info, start in open_parts(data, limits):
        left = budget.left
        scan: xmlscan.FastScan | xmlscan.ExactScan = xmlscan.FastScan(info.filename, limits)
        try:
            for chunk in inflate(data, info, start, limits, budget):
                scan.feed(chunk)
            extent = scan.finish()
        except xmlscan.NeedsExactScan:
            budget.left = left  # the part is read again, element by element
            scan = xmlscan.ExactScan(info.filename, limits)
            for chunk in inflate(data, info, start, limits, budget):
                scan.feed(chunk)
            extent = scan.finish()
        report.rows = max(report.rows, extent.rows)
        report.columns = max(report.columns, extent.columns)
        report.formulas = report.formulas or extent.formulas
    return report
