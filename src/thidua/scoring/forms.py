"""What the scoring pages' forms post, parsed into the shapes the services take (the API's
shapes). Parsing only: the services and table_io check the values and say what is wrong."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput

from .models import CriteriaTable

MAX_TABLE_UPLOAD = 5 * 1024 * 1024

_GROUP_FIELD = re.compile(r"^g-(\d+)-(code|title|max|professional)$")
_CRITERION_FIELD = re.compile(r"^c-(\d+)-(\d+)-(code|title|kind|max|evidence|guidance)$")
_ASSIGNMENT_FIELD = re.compile(r"a-(\d+)-(\d+)")


def _text(fields: dict, key: str) -> str:
    return (fields.get(key) or "").strip()


def table_from_post(post) -> dict:
    """The editor's fields (g-<i>-…, c-<i>-<j>-…) as the API's table shape. Rows left
    entirely empty are dropped; everything else is checked by table_io."""
    groups: dict[int, dict] = {}
    criteria: dict[int, dict[int, dict]] = {}
    for name in post:
        if m := _GROUP_FIELD.match(name):
            groups.setdefault(int(m[1]), {})[m[2]] = post.get(name, "")
        elif m := _CRITERION_FIELD.match(name):
            criteria.setdefault(int(m[1]), {}).setdefault(int(m[2]), {})[m[3]] = post.get(name, "")
    result = []
    for i in sorted(set(groups) | set(criteria)):
        g = groups.get(i, {})
        rows = []
        for j in sorted(criteria.get(i, {})):
            c = criteria[i][j]
            if not any(_text(c, k) for k in ("code", "title", "max", "guidance")):
                continue
            rows.append({
                "code": _text(c, "code"), "title": _text(c, "title"), "kind": c.get("kind") or "points",
                "max_points": _decimal_text(_text(c, "max")), "evidence": c.get("evidence") == "on", "guidance": _text(c, "guidance"),
            })  # fmt: skip
        if not rows and not any(_text(g, k) for k in ("code", "title", "max")):
            continue
        result.append({
            "code": _text(g, "code"), "title": _text(g, "title"), "max_points": _decimal_text(_text(g, "max")),
            "professional": g.get("professional") == "on", "criteria": rows,
        })  # fmt: skip
    return {"groups": result}


def table_upload(files):
    """The uploaded .xlsx of the criteria table (400 when missing or over 5 MB)."""
    upload = files.get("file")
    if upload is None:
        raise InvalidInput(_("Chưa chọn tệp Excel (.xlsx)."), field="file")
    if upload.size > MAX_TABLE_UPLOAD:
        raise InvalidInput(_("Tệp Excel quá lớn (tối đa 5 MB)."), field="file")
    return upload


def _decimal_text(text: str) -> str:
    """7,5 as Vietnamese write it (and the inputs show it) or 7.5: the same number."""
    return text.replace(",", ".") if isinstance(text, str) else text


def entries_from_post(post, table: CriteriaTable) -> list[dict]:
    """[{criterion: code, points, note}] from the sheet form (points-<id>, note-<id>)."""
    result = []
    for criterion in table.criteria.all():
        points = post.get(f"points-{criterion.pk}", "")
        note = post.get(f"note-{criterion.pk}", "")
        if (points or "").strip() or (note or "").strip():
            result.append({"criterion": criterion.code, "points": points, "note": note})
    return result


def assignment_pairs(post) -> list[tuple[int, int]]:
    """[(scorer id, unit id)] from the matrix's checkboxes (a-<scorer>-<unit>)."""
    return [(int(m[1]), int(m[2])) for name in post if (m := _ASSIGNMENT_FIELD.fullmatch(name))]


def next_url(post, default: str) -> str:
    """Where to go after a POST: the page it came from when it is ours, else `default`."""
    target = post.get("next") or ""
    return target if target.startswith("/cum/") and "//" not in target else default
