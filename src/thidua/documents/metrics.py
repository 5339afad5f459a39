"""Text widths in Times New Roman, to size the short rules of the header (the motto's
rule is as long as the motto; the issuing body's and the subject's are a fraction of
their text). Advance widths of the printable ASCII characters in 1/1000 em, as published
for Times (Liberation Serif has the same metrics). Vietnamese letters are measured as
their base letter (the diacritics do not change the advance width)."""

from __future__ import annotations

import unicodedata

_FIRST = 32  # the tables start at the space
_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667,
    611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
    722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556,
    278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)
_MM_PER_PT = 25.4 / 72


def _base(ch: str) -> str:
    if ch in "Đđ":
        return "D" if ch == "Đ" else "d"
    return unicodedata.normalize("NFD", ch)[0]


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of one line of `text` set in Times New Roman at `size_pt`."""
    table = _BOLD if bold else _REGULAR
    units = 0
    for ch in text:
        code = ord(_base(ch)) - _FIRST
        units += table[code] if 0 <= code < len(table) else 500
    return units / 1000 * size_pt * _MM_PER_PT


def fitting_size(text: str, size_pt: float, available_mm: float, *, bold: bool = False, smallest: float = 10.0) -> float:
    """The largest size, from `size_pt` down by half points to `smallest`, at which `text`
    fits on one line of `available_mm` (with a little slack for the renderers' own
    metrics): a parent body's name ("UBND THÀNH PHỐ HẢI PHÒNG") is set smaller rather than
    broken in the middle of the name in the header's 62 mm column."""
    size = size_pt
    while size > smallest and text_width_mm(text, size, bold=bold) > 0.96 * available_mm:
        size -= 0.5
    return size
