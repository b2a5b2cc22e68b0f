"""How big a grid one part of an .xlsx can make the parser build, found before it parses.

python-calamine (calamine 0.36) reads a worksheet's ``<sheetData>``: a cell with an ``r``
attribute goes where its reference says (``r="XFD1048576"``: row 1,048,576, column 16,384), one
without goes after the previous cell of its row; then it allocates the whole grid from A1 to the
largest row and column holding a value. It also reserves room for the shared-string count the
``<sst uniqueCount>`` attribute declares. Those are the only sizes it takes from the file.

``FastScan`` follows a part chunk by chunk; in ``<sheetData>`` it reads the cells with numpy
(``cells.scan``) when they are written the usual way, finding the largest row and column exactly
at the cost of a few vectorised passes per chunk. Anything unusual raises ``NeedsExactScan`` and
the part is read again by ``ExactScan``, which follows the elements one by one with expat and
places cells as calamine does, those without references too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.parsers import expat

from jiangxin.core.i18n import gettext as _
from jiangxin.core.sheetguard import (
    Limits,
    Refused,
    broken,
    cells,
    too_big,
    too_many_cells,
    unusual,
)

_LONGEST_TAG = 64 * 1024  # a longer tag cut by a chunk boundary: read the part exactly
_PAD = b" " * cells.CUT


class NeedsExactScan(Exception):
    """The part is not written the usual way: read it again element by element."""


@dataclass
class Extent:
    rows: int = 0  # 1-based: the grid is rows × columns from A1
    columns: int = 0
    cells: int = 0
    formulas: bool = False


def column_number(letters: bytes) -> int:
    n = 0
    for byte in letters.upper():
        n = n * 26 + byte - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


_PREFIXED = re.compile(rb":(?:c|f)[\s/>]")  # a prefixed cell or formula: read exactly
_CELL_OR_ROW = re.compile(rb"[<:](?:c|row)[\s/>]")  # after </sheetData>: nothing may place a cell
_END_MARK = re.compile(rb"sheetData\s*(/?>)")
_CLOSE_TAG = re.compile(rb"</(?:[\w.-]+:)?")  # what comes before "sheetData" in its end tag
_OPEN_TAG = re.compile(rb"<(?:[\w.-]+:)?")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)")
_UNIQUE_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']\s*(\d+)")
_UTF16_DECLARATION = re.compile(rb"encoding\s*=\s*[\"']\s*(?:utf-?(?:16|32)|ucs|unicode)", re.I)


def _reference(ref: str | bytes) -> tuple[int, int] | None:
    """(row, column), 1-based, of a cell reference as calamine reads it; None if it has none."""
    m = re.fullmatch(rb"([A-Za-z]*)(\d+)", ref if isinstance(ref, bytes) else ref.encode())
    if not m:
        return None
    return int(m.group(2)), column_number(m.group(1))


def _check_dimension(value: bytes, limits: Limits) -> None:
    corners = [_reference(part) for part in value.split(b":")]
    if not corners or None in corners:
        return  # calamine refuses it itself
    rows = max(c[0] for c in corners if c)
    columns = max(c[1] for c in corners if c)
    if refusal := too_big(rows, columns, limits):
        raise refusal


def _check_start(head: bytes) -> None:
    """A part in UTF-16/32 would be read by calamine (its XML reader decodes it) but not by
    these byte-level scans: refused."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
        raise unusual()
    if head.startswith(b"<?xml") and _UTF16_DECLARATION.search(head[: head.find(b"?>") + 1]):
        raise unusual()


class FastScan:
    """One part, chunk by chunk. ``finish()`` returns its extent or raises :class:`Refused`.

    Only ``<sheetData>`` is scanned for cells: from the first "sheetData" in the part to the
    first ``</sheetData>``. If anything that could place a cell comes after that end (calamine
    would still be reading if the end was inside a cell or a comment), the part goes to
    ``ExactScan``; so do comments and CDATA inside ``<sheetData>``. A tag cut off by the end of
    a chunk is carried whole into the next, so every tag is looked at once and entire."""

    def __init__(self, name: str, limits: Limits):
        self.limits = limits
        self.shared_strings = name.lower().endswith("sharedstrings.xml")
        self.started = False
        self.carry = b""  # an unfinished tag from the end of the last chunk
        self.state = "before"  # "before" sheetData, "in" it, "after" its end
        self.rows = self.columns = self.cells = 0
        self.formulas = False

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            _check_start(chunk[:256])
        # one copy: what was carried, the chunk, and padding for the cells' look-ahead
        buf = b"".join((self.carry, chunk, _PAD))
        body = len(buf) - len(_PAD)
        last = buf.rfind(b"<", 0, body)
        if last >= 0 and buf.find(b">", last, body) < 0:
            stop, self.carry = last, buf[last:body]
            if len(self.carry) > _LONGEST_TAG:
                raise NeedsExactScan
        else:
            stop, self.carry = body, b""
        self._scan(buf, stop)

    def _scan(self, buf: bytes, stop: int) -> None:
        """Scan ``buf[:stop]``, whole tags only; more bytes follow (``_PAD`` at least)."""
        if self.shared_strings:
            for m in _UNIQUE_COUNT.finditer(buf, 0, stop):
                if int(m.group(1)) > self.limits.max_cells:
                    raise _too_many_strings(self.limits)
        at = 0
        if self.state == "before":
            at = buf.find(b"sheetData", 0, stop)
            before = stop if at < 0 else at
            if buf.find(b"dimension", 0, before) >= 0:
                for m in _DIMENSION.finditer(buf, 0, before):
                    _check_dimension(m.group(1), self.limits)
            if at < 0:
                return
            mark = _END_MARK.match(buf, at, stop)
            self.state, at = "in", at + len(b"sheetData")
            if mark and mark.group(1) == b"/>":  # <sheetData/>: no cells
                self.state, at = "after", mark.end()
        if self.state == "in":
            end = _sheet_data_end(buf, at, stop)
            self._cells(buf, at, stop if end < 0 else end)
            if end < 0:
                return
            self.state, at = "after", end
        if _CELL_OR_ROW.search(buf, at, stop):
            raise NeedsExactScan

    def _cells(self, buf: bytes, start: int, stop: int) -> None:
        prefixed = buf.find(b":", start, stop) >= 0 and _PREFIXED.search(buf, start, stop)
        found = None if prefixed else cells.scan(buf, start, stop)
        if found is None:
            raise NeedsExactScan
        self.rows, self.columns = max(self.rows, found.rows), max(self.columns, found.columns)
        self.formulas = self.formulas or found.formulas
        self.cells += found.count
        if refusal := too_big(self.rows, self.columns, self.limits):
            raise refusal
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)

    def finish(self) -> Extent:
        if self.carry:  # a tag left unfinished by the end of the part
            if self.state == "in":
                raise NeedsExactScan
            self._scan(self.carry + _PAD, len(self.carry))
        return Extent(self.rows, self.columns, self.cells, self.formulas)


def _sheet_data_end(buf: bytes, at: int, stop: int) -> int:
    """Where the first ``</sheetData>`` (or an empty ``<sheetData/>``) in ``buf[at:stop]``
    ends; -1 if there is none."""
    while (at := buf.find(b"sheetData", at, stop)) >= 0:
        mark = _END_MARK.match(buf, at, stop)
        opening = buf.rfind(b"<", max(0, at - 64), at)
        if mark and opening >= 0:
            closing = mark.group(1) == b">"
            if (_CLOSE_TAG if closing else _OPEN_TAG).fullmatch(buf, opening, at):
                return mark.end()
        at += 1
    return -1


def _too_many_strings(limits: Limits) -> Refused:
    return Refused(
        _(
            "表格声明的文字条目超过 {limit} 个，无法安全读取。请用 Excel 另存为 .xlsx 后再上传。"
        ).format(limit=limits.max_cells)
    )


class ExactScan:
    """One part element by element (expat), placing cells as calamine does: a cell with ``r``
    where it says and the next column after it; one without at the current row and column; the
    row from ``<row r>`` or one past the previous row. A cell or row inside a cell (calamine
    refuses those too), a DOCTYPE, or XML expat cannot read is refused."""

    def __init__(self, name: str, limits: Limits):
        self.limits = limits
        self.shared_strings = name.lower().endswith("sharedstrings.xml")
        self.started = False
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype
        self.state = "before"  # "before" sheetData, "in" it, "after" it
        self.in_cell = False
        self.row = 0  # calamine's row_index and col_index, 0-based
        self.column = 0
        self.extent = Extent()

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            _check_start(chunk[:256])
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError:
            raise broken() from None

    def finish(self) -> Extent:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            raise broken() from None
        return self.extent

    def _doctype(self, *args) -> None:
        raise unusual()

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self.shared_strings and local == "sst":
            count = attrs.get("uniqueCount", "").strip()
            if count.isdigit() and int(count) > self.limits.max_cells:
                raise _too_many_strings(self.limits)
        if self.state == "before":
            if local == "dimension" and "ref" in attrs:
                _check_dimension(attrs["ref"].encode(), self.limits)
            elif local == "sheetData":
                self.state = "in"
            return
        if self.state != "in":
            return
        if local == "c":
            if self.in_cell:
                raise unusual()
            self.in_cell = True
            if "r" in attrs:
                place = _reference(attrs["r"])
                if place is None or place[0] < 1 or place[1] < 1:
                    raise broken()
                row, column = place[0] - 1, place[1] - 1
                self.column = column
            else:
                row, column = self.row, self.column
            self._place(row + 1, column + 1)
        elif local == "row":
            if self.in_cell:
                raise unusual()
            if "r" in attrs:
                place = _reference(attrs["r"])
                if place is None or place[0] < 1:
                    raise broken()
                self.row = place[0] - 1
        elif local == "f" and self.in_cell:
            self.extent.formulas = True

    def _end(self, name: str) -> None:
        if self.state != "in":
            return
        local = name.rpartition(":")[2]
        if local == "c" and self.in_cell:
            self.in_cell = False
            self.column += 1
        elif local == "row" and not self.in_cell:
            self.row += 1
            self.column = 0
        elif local == "sheetData" and not self.in_cell:
            self.state = "after"

    def _place(self, rows: int, columns: int) -> None:
        e = self.extent
        e.cells += 1
        if e.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)
        e.rows, e.columns = max(e.rows, rows), max(e.columns, columns)
        if refusal := too_big(e.rows, e.columns, self.limits):
            raise refusal
