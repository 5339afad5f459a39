"""The page's measures and type sizes (Decree 30/2020/NĐ-CP), in one place because both
renderers use them: the .docx builder in this package and the HTML preview
(documents/html.py), which must lay a page out exactly as Word does."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
LINE_SPACING = 1.15
FIRST_LINE_INDENT = Cm(1.27)
SPACE_AFTER = Pt(6)

PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 15
HEADER_DISTANCE_MM = 10
TEXT_W_PORTRAIT_MM = PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
TEXT_W_LANDSCAPE_MM = PAGE_H_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 252

HEADER_COLS_MM = (62.0, 103.0)
CELL_MARGIN_MM = 1.0
SIGNATURE_COLS_MM = (80.0, 85.0)
SIGNATURE_SPACE_LINES = 4
RULE_LINE_PT = 4  # the height of a rule's empty paragraph: the rule sits ~1.5 mm under the text

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


DRAFT_MARK = "DỰ THẢO"
DRAFT_BOX_MM = 30.0
