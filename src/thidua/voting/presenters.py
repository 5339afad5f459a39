"""What the vote's pages and downloads show, shaped from what the selectors read: the names
of a poll's candidates, a ballot's choices in words, the published ballot list."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thidua.core.templatetags.vn import vn_datetime

from .models import Delegate, Poll

VERIFY_HOW = "digest = sha256(json.dumps(ballots, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8'))"


def names_of(candidates) -> dict[int, str]:
    return {u.pk: u.name for u in candidates}


def chosen_names(choices: list[int], names: dict[int, str]) -> list[str]:
    """The names of the chosen candidates on the confirmation step (unknown ids left out:
    the validation that follows refuses them)."""
    return [names[c] for c in choices if c in names]


def receipt_choices(entry: dict | None, names: dict[int, str]) -> list[str]:
    """A published ballot's choices in words: the chosen units, or each unit's answer."""
    if entry and "choices" in entry:
        return [names.get(c, str(c)) for c in entry["choices"]]
    if entry:
        labels = {"yes": _("Đồng ý"), "no": _("Không đồng ý"), "abstain": _("Không ý kiến")}
        return [f"{names.get(int(k), k)}: {labels[v]}" for k, v in entry["answers"].items()]
    return []


def published_list(poll: Poll, candidates, ballots: list[dict]) -> dict:
    """The published ballot list (voting.md §4) with the digest and how to check it."""
    return {
        "poll": poll.pk, "title": poll.title, "method": poll.method, "digest": poll.digest or None,
        "candidates": [{"unit": u.pk, "name": u.name} for u in candidates],
        "results": poll.results.get("rows", []), "elected": poll.elected, "ballots": ballots, "how_to_verify": VERIFY_HOW,
    }  # fmt: skip


def threshold_label(poll: Poll) -> str:
    """The winning rule in the reader's language, for the pages ("đạt trên 50% tổng số đơn
    vị thành viên"); the documents keep their Vietnamese text (documents.threshold_text)."""
    percent = f"{float(poll.threshold_percent):g}"
    if (get_language() or "vi").startswith("vi"):
        percent = percent.replace(".", ",")  # 66,67 as Vietnamese write it
    base = Poll.Base(poll.threshold_base).label if poll.threshold_base in Poll.Base.values else poll.threshold_base
    if poll.threshold_strict:
        return _("đạt trên {percent}% {base}").format(percent=percent, base=base)
    return _("đạt từ {percent}% {base}").format(percent=percent, base=base)


def attendance_lines(rows) -> list[dict]:
    """The attendance table's rows as the page shows them (voting/conference.html): the
    unit, its role, its voting delegate (or its head), its observers, when it checked in.
    Shaped once here rather than looked up through four objects a cell: the table has up
    to a page of rows (selectors.ATTENDANCE_PAGE)."""
    lines = []
    for row in rows:
        voting = row.voting_delegate
        delegate = None
        if voting is not None:
            confirmed = ""
            if voting.confirmed_by is not None:
                who = voting.confirmed_by.full_name or voting.confirmed_by.username
                confirmed = _("Xác nhận: {who}, {at}").format(who=who, at=vn_datetime(voting.confirmed_at))
            delegate = {"name": voting.full_name, "position": voting.position, "authorisation": voting.authorisation,
                        "confirmed": confirmed}  # fmt: skip
        lines.append({
            "unit_id": row.membership.unit_id, "name": row.unit.name, "role": row.membership.role,
            "role_label": row.membership.get_role_display(), "delegate": delegate,
            "observers": [d.full_name for d in row.delegates if d.kind == Delegate.Kind.OBSERVER],
            "checked_in": vn_datetime(row.checked_in_at),
        })  # fmt: skip
    return lines
