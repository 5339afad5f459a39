"""Validation of what people submit to the vote: a poll's definition (clean_poll), a
ballot's choices or answers (ballot_validate), the paper count (clean_paper) and lists of
lines. Each returns the cleaned value or raises InvalidInput (400) with every problem
listed by field, in Vietnamese; nothing here writes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from thidua.core.errors import InvalidInput
from thidua.org.models import ClusterYear, Unit

from . import selectors, tally
from .models import Poll

MAX_LIST = 30
MAX_LINE = 500


def raise_errors(errors: dict[str, list[str]]) -> None:
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)


def clean_lines(value, field: str, errors: dict) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        errors.setdefault(field, []).append(_("Cần một danh sách các dòng chữ."))
        return []
    lines = [" ".join(v.split()) for v in value if v.strip()]
    if len(lines) > MAX_LIST:
        errors.setdefault(field, []).append(_("Tối đa {n} dòng.").format(n=MAX_LIST))
    if any(len(v) > MAX_LINE for v in lines):
        errors.setdefault(field, []).append(_("Mỗi dòng tối đa {n} ký tự.").format(n=MAX_LINE))
    return lines


def _int(value, field: str, errors: dict, *, low: int = 1, high: int = 100) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        errors.setdefault(field, []).append(_("Cần một số nguyên."))
        return None
    try:
        number = int(value)
    except ValueError:
        errors.setdefault(field, []).append(_("Cần một số nguyên."))
        return None
    if not low <= number <= high:
        errors.setdefault(field, []).append(_("Cần một số từ {low} đến {high}.").format(low=low, high=high))
        return None
    return number


def clean_threshold(value, errors: dict) -> dict | None:
    if not isinstance(value, dict):
        errors.setdefault("threshold", []).append(_("Cần {base, percent, strict}."))
        return None
    base = value.get("base")
    if base not in Poll.Base.values:
        errors.setdefault("threshold", []).append(_("Cơ sở tính tỷ lệ phải là members, present hoặc valid."))
    raw = value.get("percent")
    try:
        if isinstance(raw, bool) or raw is None:
            raise InvalidOperation
        percent = Decimal(str(raw))
        if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
            raise InvalidOperation
        percent = percent.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors.setdefault("threshold", []).append(_("Tỷ lệ phải là một số từ 0 đến 100."))
        percent = None
    strict = value.get("strict", False)
    if not isinstance(strict, bool):
        errors.setdefault("threshold", []).append(_("“strict” phải là true hoặc false."))
    if base not in Poll.Base.values or percent is None or not isinstance(strict, bool):
        return None
    return {"base": base, "percent": percent, "strict": strict}


def departs_from_ranking(cluster_year: ClusterYear, candidate_ids: list[int], kind: str | None = None) -> bool:
    """The list departs from the ranking when a unit left out is ranked above one of the
    candidates (the candidates are not the top of the ranking) — a unit the nomination of
    `kind` may not start from (not registered for its award, proposed for the other) is
    not "left out"."""
    order = selectors.ranking_order(cluster_year)
    if not order:
        return False
    rank = dict(order)
    ranked = [c for c in candidate_ids if c in rank]
    if len(ranked) < len(candidate_ids):
        return True  # an unranked unit proposed
    worst = max(rank[c] for c in ranked) if ranked else 0
    skip = selectors.not_nominable(cluster_year, kind) if kind else set()
    return any(r < worst and u not in candidate_ids and u not in skip for u, r in order)


def clean_poll(cluster_year: ClusterYear, data: dict, current: Poll | None) -> dict:
    errors: dict[str, list[str]] = {}
    kind = data.get("kind", current.kind if current else None)
    if kind not in Poll.Kind.values:
        errors["kind"] = [_("Nội dung biểu quyết phải là flag, merit, leader, deputy hoặc other.")]
        raise_errors(errors)
    defaults = selectors.poll_defaults(cluster_year, kind)
    if current is not None:
        defaults = {"method": current.method, "max_choices": current.max_choices, "seats": current.seats, "threshold": current.threshold}
    clean: dict = {"kind": kind}
    title = " ".join(str(data.get("title", current.title if current else "") or "").split())
    if not title:
        errors["title"] = [_("Cần nội dung câu hỏi biểu quyết.")]
    elif len(title) > 300:
        errors["title"] = [_("Tối đa {n} ký tự.").format(n=300)]
    clean["title"] = title
    clean["notes"] = str(data.get("notes", current.notes if current else "") or "").strip()[:5000]
    clean["departure_reason"] = str(data.get("departure_reason", current.departure_reason if current else "") or "").strip()[:5000]
    method = data.get("method", defaults["method"])
    if method not in Poll.Method.values:
        errors["method"] = [_("Cách bỏ phiếu phải là approval, single hoặc yes_no.")]
    clean["method"] = method
    mode = data.get("mode", current.mode if current else Poll.Mode.ELECTRONIC)
    if mode not in Poll.Mode.values:
        errors["mode"] = [_("Hình thức phải là electronic hoặc paper.")]
    clean["mode"] = mode
    publish_receipts = data.get("publish_receipts", current.publish_receipts if current else True)
    if not isinstance(publish_receipts, bool):
        errors["publish_receipts"] = [_("“publish_receipts” phải là true hoặc false.")]
    clean["publish_receipts"] = publish_receipts
    if "candidates" in data:
        candidates = data["candidates"]
        if not isinstance(candidates, (list, tuple)) or not all(isinstance(u, Unit) for u in candidates):
            errors["candidates"] = [_("Danh sách đơn vị được đề cử không hợp lệ.")]
            candidates = []
    else:
        candidates = [c.unit for c in current.candidates.select_related("unit")] if current else []
    members = set(selectors.member_ids(cluster_year))
    seen: set[int] = set()
    for unit in candidates:
        if unit.pk in seen:
            errors.setdefault("candidates", []).append(_("Đơn vị {name} có tên hai lần.").format(name=unit.name))
        elif unit.pk not in members:
            errors.setdefault("candidates", []).append(
                _("Đơn vị {name} không phải thành viên của cụm năm {year}.").format(name=unit.name, year=cluster_year.year)
            )
        seen.add(unit.pk)
    if not candidates:
        errors.setdefault("candidates", []).append(_("Cần ít nhất một đơn vị được đề cử."))
    clean["candidates"] = candidates
    n = max(len(candidates), 1)
    seats = _int(data.get("seats", defaults["seats"]), "seats", errors, high=n)
    max_choices = _int(
        data.get("max_choices", 1 if method == Poll.Method.SINGLE else defaults["max_choices"]), "max_choices", errors, high=n
    )
    if method == Poll.Method.SINGLE and max_choices not in (None, 1):
        errors.setdefault("max_choices", []).append(_("Bỏ phiếu chọn một đơn vị: số đơn vị được chọn là 1."))
    if kind == Poll.Kind.LEADER and seats not in (None, 1):
        errors.setdefault("seats", []).append(_("Mỗi năm chỉ bầu một đơn vị Cụm trưởng."))
    if kind == Poll.Kind.DEPUTY and seats is not None and seats > 2:
        errors.setdefault("seats", []).append(_("Tối đa hai đơn vị Cụm phó."))
    if method == Poll.Method.APPROVAL and seats and max_choices and max_choices < 1:
        errors.setdefault("max_choices", []).append(_("Cần một số nguyên dương."))
    clean["seats"], clean["max_choices"] = seats, max_choices
    threshold = clean_threshold(data.get("threshold", defaults["threshold"]), errors)
    clean["threshold"] = threshold
    parent = current.parent if current else data.get("parent")
    nomination = kind in Poll.NOMINATIONS and parent is None and not errors.get("candidates")
    if nomination and not clean["departure_reason"] and departs_from_ranking(cluster_year, [u.pk for u in candidates], kind):
        errors["departure_reason"] = [_("Danh sách đề cử khác thứ tự xếp hạng (có đơn vị xếp trên không được đề cử): cần nêu lý do.")]
    raise_errors(errors)
    return clean


def ballot_validate(poll: Poll, candidate_ids: list[int], choices, answers):
    """Check a ballot (400 InvalidInput) and give its content as stored: sorted candidate ids, or {"<id>": answer} for every
    candidate (an unanswered candidate is "abstain")."""
    if poll.method == Poll.Method.YES_NO:
        if not isinstance(answers, dict):
            raise InvalidInput(_("Cần trả lời đồng ý / không đồng ý / không ý kiến cho từng đơn vị."), field="answers")
        clean: dict[str, str] = {}
        for key, value in answers.items():
            try:
                unit_id = int(key)
            except (TypeError, ValueError):
                raise InvalidInput(_("Mã đơn vị không hợp lệ: {key}.").format(key=key), field="answers") from None
            if unit_id not in candidate_ids:
                raise InvalidInput(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=unit_id), field="answers")
            if value not in tally.ANSWERS:
                raise InvalidInput(_("Câu trả lời phải là yes, no hoặc abstain."), field="answers")
            clean[str(unit_id)] = value
        for unit_id in candidate_ids:
            clean.setdefault(str(unit_id), "abstain")
        if sum(1 for v in clean.values() if v == "yes") > poll.max_choices:
            raise InvalidInput(_("Chỉ được đồng ý tối đa {n} đơn vị.").format(n=poll.max_choices), field="answers")
        return clean
    if not isinstance(choices, (list, tuple)):
        raise InvalidInput(_("Cần danh sách đơn vị được chọn."), field="choices")
    ids: list[int] = []
    for item in choices:
        if isinstance(item, bool) or not isinstance(item, (int, str)) or not str(item).strip().isdigit():
            raise InvalidInput(_("Mã đơn vị không hợp lệ: {key}.").format(key=item), field="choices")
        ids.append(int(item))
    if len(set(ids)) != len(ids):
        raise InvalidInput(_("Mỗi đơn vị chỉ được chọn một lần."), field="choices")
    strangers = [i for i in ids if i not in candidate_ids]
    if strangers:
        raise InvalidInput(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=strangers[0]), field="choices")
    if len(ids) > poll.max_choices:
        raise InvalidInput(_("Chỉ được chọn tối đa {n} đơn vị; phiếu chọn {k}.").format(n=poll.max_choices, k=len(ids)), field="choices")
    return sorted(ids)


def clean_paper(poll: Poll, candidate_ids: list[int], figures: dict) -> dict:
    errors: dict[str, list[str]] = {}
    numbers = {}
    for name in ("issued", "returned", "valid", "invalid"):
        numbers[name] = _int(figures.get(name), name, errors, low=0, high=10_000)
    votes_in = figures.get("votes")
    votes: dict[str, object] = {}
    if not isinstance(votes_in, dict):
        errors.setdefault("votes", []).append(_("Cần số phiếu của từng đơn vị được đề cử."))
        votes_in = {}
    for key, value in votes_in.items():
        try:
            unit_id = int(key)
        except (TypeError, ValueError):
            errors.setdefault("votes", []).append(_("Mã đơn vị không hợp lệ: {key}.").format(key=key))
            continue
        if unit_id not in candidate_ids:
            errors.setdefault("votes", []).append(_("Đơn vị mã {id} không có trong danh sách đề cử.").format(id=unit_id))
            continue
        if poll.method == Poll.Method.YES_NO:
            if not isinstance(value, dict):
                errors.setdefault("votes", []).append(_("Cần số phiếu đồng ý, không đồng ý, không ý kiến."))
                continue
            votes[str(unit_id)] = {a: _int(value.get(a, 0), "votes", errors, low=0, high=10_000) or 0 for a in tally.ANSWERS}
        else:
            votes[str(unit_id)] = _int(value, "votes", errors, low=0, high=10_000) or 0
    raise_errors(errors)
    issued, returned, valid, invalid = (numbers[k] for k in ("issued", "returned", "valid", "invalid"))
    if issued > len(poll.roll):
        errors.setdefault("issued", []).append(
            _("Số phiếu phát ra ({issued}) nhiều hơn số đơn vị có mặt khi mở biểu quyết ({present}).").format(
                issued=issued, present=len(poll.roll)
            )
        )
    if returned > issued:
        errors.setdefault("returned", []).append(
            _("Số phiếu thu về ({returned}) nhiều hơn số phiếu phát ra ({issued}).").format(returned=returned, issued=issued)
        )
    if valid + invalid != returned:
        errors.setdefault("valid", []).append(
            _("Phiếu hợp lệ ({valid}) + phiếu không hợp lệ ({invalid}) phải bằng số phiếu thu về ({returned}).").format(
                valid=valid, invalid=invalid, returned=returned
            )
        )
    names = dict(Unit.objects.filter(pk__in=candidate_ids).values_list("pk", "name"))
    total_yes = 0
    for unit_id in candidate_ids:
        value = votes.setdefault(str(unit_id), dict.fromkeys(tally.ANSWERS, 0) if poll.method == Poll.Method.YES_NO else 0)
        count = sum(value.values()) if isinstance(value, dict) else value
        yes = value["yes"] if isinstance(value, dict) else value
        total_yes += yes
        if count > valid:
            errors.setdefault("votes", []).append(
                _("{name}: {n} phiếu, nhiều hơn số phiếu hợp lệ ({valid}).").format(name=names.get(unit_id), n=count, valid=valid)
            )
    if total_yes > valid * poll.max_choices:
        errors.setdefault("votes", []).append(
            _("Tổng số phiếu chọn ({total}) vượt quá số phiếu hợp lệ × số đơn vị được chọn tối đa ({valid} × {k}).").format(
                total=total_yes, valid=valid, k=poll.max_choices
            )
        )
    raise_errors(errors)
    return {"issued": issued, "returned": returned, "valid": valid, "invalid": invalid, "votes": votes}
