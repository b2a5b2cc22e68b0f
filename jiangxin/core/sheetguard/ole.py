"""The legacy .xls container (an OLE compound file) and its workbook stream, checked the way
calamine 0.36 (``cfb.rs``, ``xls.rs``) will read them.

calamine trusts the file in places where one number costs memory: the header's FAT and DIFAT
counts size vectors up front; a sector chain is followed until its end marker or the length a
directory entry declares, so a chain that loops grows without end; a DIMENSIONS record reserves
room for rows × columns cells; and every cell record's row and column set the sheet's grid. So
the same walk is made here first, refusing what would cost more than the caps: header counts
beyond the file's sectors, a sector outside the file, a chain that loops, a FAT sector listed
twice, a sheet whose dimensions or cells make a grid beyond the caps, a sheet whose offset is not
the start of a sheet in the stream (two sheets sharing one would be read twice).
"""

from __future__ import annotations

import struct
import sys
from array import array

from jiangxin.core.i18n import gettext as _
from jiangxin.core.sheetguard import (
    Limits,
    Refused,
    Report,
    broken,
    too_big,
    too_many_cells,
    unusual,
)

_RESERVED = 0xFFFFFFFA  # ids at or above: special markers
_DIFSECT = 0xFFFFFFFC
_END_OF_CHAIN = 0xFFFFFFFE
_STREAM_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")  # calamine tries them in this order

# BIFF cell records calamine keeps, whose first four bytes are (row, column): Number, Label,
# RString, BoolErr, Rk, LabelSst, Formula. (It skips Blank and MulBlank.)
_CELLS = frozenset({0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006})
_MULRK, _DIMENSIONS, _BOF, _BOUNDSHEET = 0x00BD, 0x0200, 0x0809, 0x0085


def _u32s(raw: bytes) -> array:
    values = array("I")
    values.frombytes(raw[: len(raw) - len(raw) % 4])
    if sys.byteorder == "big":
        values.byteswap()
    return values


class _Header:
    def __init__(self, data: bytes, limits: Limits):
        if len(data) < 512:
            raise broken()
        (shift, mini_shift) = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise broken()
        self.sector = 1 << shift
        self.max_id = len(data) // self.sector  # calamine's bound on sector ids
        self.fat_len, self.dir_start = struct.unpack_from("<II", data, 44)
        self.mini_fat_start, self.mini_fat_len = struct.unpack_from("<II", data, 60)
        self.difat_start, self.difat_len = struct.unpack_from("<II", data, 68)
        # calamine reads its DIFAT capacity from bytes 62–65 (an off-by-six it carries): a
        # number between the mini FAT's start and length, which must not be huge either.
        (calamine_difat_len,) = struct.unpack_from("<I", data, 62)
        sectors = self.max_id + 1
        if (
            self.fat_len > sectors
            or self.mini_fat_len > sectors
            or self.difat_len > sectors
            or calamine_difat_len > 1 << 26
        ):
            raise unusual()
        self.difat = list(_u32s(data[76:512]))


def check_header(data: bytes, limits: Limits) -> None:
    _Header(data, limits)


class _File:
    """Sector access and chain walking, refusing what calamine would loop on or index past."""

    def __init__(self, data: bytes, limits: Limits):
        self.data = data
        self.h = _Header(data, limits)
        self.fats = self._load_fats()

    def sector(self, sid: int) -> bytes:
        if sid > self.h.max_id:
            raise broken()
        start = (sid + 1) * self.h.sector
        return self.data[start : start + self.h.sector]

    def _load_fats(self) -> array:
        difat = list(self.h.difat)
        seen: set[int] = set()
        sid = self.h.difat_start
        while sid < _RESERVED:  # the DIFAT chain: each sector's last entry is the next one
            if sid in seen or len(seen) > self.h.max_id:
                raise unusual()
            seen.add(sid)
            difat.extend(_u32s(self.sector(sid)))
            sid = difat.pop()
        fat_ids = [sid for sid in difat if sid < _DIFSECT]
        if len(fat_ids) != len(set(fat_ids)) or len(fat_ids) > self.h.max_id + 1:
            raise unusual()
        fats = array("I")
        for sid in fat_ids:
            fats.extend(_u32s(self.sector(sid)))
        return fats

    def chain(self, start: int, table: array, max_id: int, sector: int, length: int) -> list[int]:
        """The ids calamine visits reading ``length`` bytes from ``start``: refused if one is
        outside the file or the table, or the chain comes back on itself."""
        ids: list[int] = []
        seen: set[int] = set()
        sid, got = start, 0
        while sid != _END_OF_CHAIN:
            if sid > max_id or sid in seen:
                raise unusual()
            seen.add(sid)
            ids.append(sid)
            got += sector
            if got >= length:
                break
            if sid >= len(table):
                raise unusual()
            sid = table[sid]
        return ids

    def read(self, start: int, length: int) -> bytes:
        ids = self.chain(start, self.fats, self.h.max_id, self.h.sector, length)
        return b"".join(self.sector(sid) for sid in ids)[:length]


def _directory(f: _File) -> list[tuple[str, int, int]]:
    raw = f.read(f.h.dir_start, 1 << 62)
    entries = []
    for at in range(0, len(raw) - 127, 128):
        name = raw[at : at + 64].decode("utf-16-le", "replace").split("\0", 1)[0]
        (start,) = struct.unpack_from("<I", raw, at + 116)
        if f.h.sector == 512:
            (size,) = struct.unpack_from("<I", raw, at + 120)
        else:
            (size,) = struct.unpack_from("<Q", raw, at + 120)
        entries.append((name, start, size))
    if not entries:
        raise broken()
    return entries


def _workbook_stream(f: _File) -> bytes:
    entries = _directory(f)
    by_name: dict[str, tuple[int, int]] = {}
    for name, start, size in entries:
        by_name.setdefault(name, (start, size))
    if "EncryptedPackage" in by_name:
        raise Refused(_("文件设置了打开密码。请在 Excel 中取消密码后再上传。"))
    found = next((by_name[n] for n in _STREAM_NAMES if n in by_name), None)
    if found is None:
        raise broken()
    start, size = found
    if size >= 4096:
        return f.read(start, size)
    if not f.h.mini_fat_len:
        # calamine would index an empty mini FAT past the first mini sector
        if size > 64:
            raise unusual()
        mini_fats, mini_stream = array("I"), b""
    else:
        _root, root_start, root_size = entries[0]
        mini_stream = f.read(root_start, root_size)
        mini_fats = _u32s(f.read(f.h.mini_fat_start, f.h.mini_fat_len * f.h.sector))
    ids = f.chain(start, mini_fats, f.h.max_id * 8, 64, size)
    if any((sid + 1) * 64 > len(mini_stream) for sid in ids):
        raise unusual()
    return b"".join(mini_stream[sid * 64 : sid * 64 + 64] for sid in ids)[:size]


class _Sheet:
    def __init__(self):
        self.rows = self.columns = self.cells = 0

    def place(self, row: int, column: int, cells: int = 1) -> None:
        self.rows, self.columns = max(self.rows, row + 1), max(self.columns, column + 1)
        self.cells += cells


def _dimensions_refusal(body: bytes, limits: Limits) -> Refused | None:
    """The room calamine reserves for a DIMENSIONS record, computed as it does (u32 arithmetic
    that wraps), judged like a grid."""
    if len(body) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        return None  # calamine refuses the file itself
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row < 1 or last_col < 1:
        return None
    rows = ((last_row - 1 - first_row) & 0xFFFFFFFF) + 1
    columns = ((last_col - 1 - first_col) & 0xFFFFFFFF) + 1
    return too_big(rows, columns, limits)


def _scan_biff(stream: bytes, limits: Limits) -> Report:
    report = Report(kind="xls")
    bofs: set[int] = set()
    sheet_offsets: list[int] = []
    sheets: list[_Sheet] = []
    sheet = _Sheet()
    unpack = struct.unpack_from
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        typ, size = unpack("<HH", stream, pos)
        body = pos + 4
        if typ in _CELLS:
            if size >= 4:
                row, column = unpack("<HH", stream, body)
                sheet.place(row, column)
        elif typ == _MULRK:
            if size >= 6:
                row, first = unpack("<HH", stream, body)
                (last,) = unpack("<H", stream, body + size - 2)
                sheet.place(row, max(first, last), max(0, (size - 6) // 6))
        elif typ == _BOF:
            bofs.add(pos)
            sheets.append(sheet)
            sheet = _Sheet()
        elif typ == _DIMENSIONS:
            if refusal := _dimensions_refusal(stream[body : body + size], limits):
                raise refusal
        elif typ == _BOUNDSHEET and size >= 4:
            sheet_offsets.append(unpack("<I", stream, body)[0])
        pos = body + size
    sheets.append(sheet)
    if len(set(sheet_offsets)) != len(sheet_offsets) or not bofs.issuperset(sheet_offsets):
        raise unusual()
    total = 0
    for s in sheets:
        if refusal := too_big(s.rows, s.columns, limits):
            raise refusal
        total += s.rows * s.columns + s.cells
        report.rows, report.columns = max(report.rows, s.rows), max(report.columns, s.columns)
    if total > 2 * limits.max_cells:  # all sheets are read at once: their grids and cells
        raise too_many_cells(limits)
    return report


def check_xls(data: bytes, limits: Limits) -> Report:
    return _scan_biff(_workbook_stream(_File(data, limits)), limits)
