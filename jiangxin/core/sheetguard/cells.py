"""The cells of a stretch of ``<sheetData>`` written the usual way, read with numpy.

Excel, WPS, LibreOffice and openpyxl write every cell as ``<c r="B12" …>``: the reference first,
double-quoted, no space round ``=``, no prefix. For such a stretch :func:`scan` finds, in a few
vectorised passes over the bytes (no Python loop per cell), the largest row and column any cell
refers to, how many cells there are, and whether one holds a formula. It answers None — read the
part element by element instead (``xmlscan.ExactScan``) — when anything could place a cell
otherwise: a cell whose first attribute is not a plain ``r="…"``, an ``=`` with space before it
or anything but ``"`` after it (``r = 'XFD1'``), an ``r`` attribute more than the cells and rows
account for (a second reference in one cell: calamine keeps the last), a comment or CDATA, a
reference of no letters. The caller hands a stretch of whole tags, followed by at least ``CUT``
bytes (padding, or the start of the next tag) so every check may look a little ahead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CUT = 24  # bytes a tag's checks may read past the end of the stretch


def _table(codes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(codes)] = True
    return table


_SPACE = _table([9, 10, 12, 13, 32])  # what calamine's attribute reader skips as space
_NAME_END = _table([9, 10, 12, 13, 32, ord("/"), ord(">")])
_LETTER = _table([*range(65, 91), *range(97, 123)])
_DIGIT = _table(range(48, 58))
_LETTER_VALUE = np.full(256, -1, dtype=np.int64)
_LETTER_VALUE[65:91] = _LETTER_VALUE[97:123] = np.arange(1, 27)
_DIGIT_VALUE = np.full(256, -1, dtype=np.int64)
_DIGIT_VALUE[48:58] = np.arange(10)
LT, EQ, QUOTE, C, R, F, BANG = (ord(ch) for ch in '<="crf!')


@dataclass
class Cells:
    rows: int  # the largest row and column referred to (1-based), 0 when there is no cell
    columns: int
    count: int
    formulas: bool


def scan(buf: bytes, start: int = 0, stop: int | None = None) -> Cells | None:
    """The cells of the tags that start in ``buf[start:stop]``; ``buf`` holds at least ``CUT``
    more bytes after ``stop`` (the rest of a tag, or padding), read but not scanned."""
    a = np.frombuffer(buf, dtype=np.uint8)
    stop = len(a) - CUT if stop is None else stop
    tags = np.flatnonzero(a[start:stop] == LT) + start
    after = a[tags + 1]
    if (after == BANG).any():
        return None
    ends = _NAME_END[a[tags + 2]]
    formulas = bool(((after == F) & ends).any())
    cells = tags[(after == C) & ends]
    # every cell opens with ' r="': its reference first, as it is written
    if not (
        (a[cells + 2] == 32) & (a[cells + 3] == R) & (a[cells + 4] == EQ) & (a[cells + 5] == QUOTE)
    ).all():
        return None
    # Every "=" plain, followed by a quote, no space before it: so nothing calamine would read as
    # an attribute escapes the counts here. The quotes found serve for the references below.
    quotes = np.flatnonzero(a[start : stop + CUT] == QUOTE) + start
    opening = quotes[(quotes >= start + 3) & (quotes < stop + 5)]
    opening = opening[a[opening - 1] == EQ]
    if buf.count(b"=", start + 2, stop + 4) != len(opening) or _SPACE[a[opening - 2]].any():
        return None
    r_attributes = np.count_nonzero((a[opening - 2] == R) & _SPACE[a[opening - 3]])
    rows = tags[after == R]
    numbered_rows = np.count_nonzero(
        (a[rows + 2] == ord("o"))
        & (a[rows + 3] == ord("w"))
        & _SPACE[a[rows + 4]]
        & (a[rows + 5] == R)
        & (a[rows + 6] == EQ)
        & (rows + 6 < stop + 4)
    )
    if r_attributes != len(cells) + numbered_rows:
        return None  # an r somewhere else: a second reference in a cell, say
    if not len(cells):
        return Cells(0, 0, 0, formulas)
    # The reference: letters, digits, then the closing quote.
    begin = cells + 6
    length = quotes[np.minimum(np.searchsorted(quotes, begin), len(quotes) - 1)] - begin
    letters = _LETTER[a[begin]].astype(np.int64)
    second = _LETTER[a[begin + 1]] & (letters == 1)
    letters += second
    letters += _LETTER[a[begin + 2]] & second
    digits = length - letters
    # no column, four letters or more, eight digits or more: read it exactly
    if (letters == 0).any() or not ((digits >= 1) & (digits < 8)).all():
        return None
    if not _DIGIT[a[begin + letters]].all():
        return None
    row = _largest(a, begin + letters, digits, _DIGIT_VALUE, 10)
    column = _largest(a, begin, letters, _LETTER_VALUE, 26)
    if row is None or column is None:
        return None
    return Cells(row, column, len(cells), formulas)


def _largest(a: np.ndarray, at: np.ndarray, width: np.ndarray, value: np.ndarray, base: int):
    """The largest number written at ``at`` in ``width`` symbols (digits or letters, their
    values in ``value``, -1 for anything else): only the widest are read, wider being larger.
    None when one of them holds another symbol."""
    widest = int(width.max())
    at = at[width == widest]
    number = np.zeros(len(at), dtype=np.int64)
    for k in range(widest):
        symbol = value[a[at + k]]
        if (symbol < 0).any():
            return None
        number = number * base + symbol
    return int(number.max())
