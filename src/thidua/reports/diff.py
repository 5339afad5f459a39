"""A readable difference between two versions of the report, section by section and line by
line (difflib), for the page: each changed section with its lines kept, removed and added."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    op: str  # "equal", "delete", "insert"
    text: str


@dataclass(frozen=True)
class SectionDiff:
    key: str
    title: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.op != "equal" for line in self.lines)


def _lines(text: str) -> list[str]:
    return (text or "").split("\n")


def section_diff(old: str, new: str) -> list[Line]:
    a, b = _lines(old), _lines(new)
    out: list[Line] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out += [Line("equal", t) for t in a[i1:i2]]
            continue
        if op in ("delete", "replace"):
            out += [Line("delete", t) for t in a[i1:i2]]
        if op in ("insert", "replace"):
            out += [Line("insert", t) for t in b[j1:j2]]
    return out


def versions_diff(old_sections: list[dict], new_sections: list[dict]) -> list[SectionDiff]:
    """Every section of the newer version (and any the older had alone), changed or not."""
    old = {s["key"]: s for s in old_sections}
    new = {s["key"]: s for s in new_sections}
    keys = [s["key"] for s in new_sections] + [k for k in old if k not in new]
    out = []
    for key in keys:
        title = (new.get(key) or old[key])["title"]
        out.append(SectionDiff(key, title, section_diff(old.get(key, {}).get("text", ""), new.get(key, {}).get("text", ""))))
    return out
