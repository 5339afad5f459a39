"""What each phase of a cluster's year allows: the one owner of phase rules.

Everything that asks "may this happen in this phase?" or "has the year reached that
phase?" asks here (decision 0009); org keeps only the order of the phases (`Phase` in
org.models), because org cannot import cycle.

- `RULES`, `phase_allows`, `require_phase`: an action is allowed in a set of phases; a
  refusal is a Conflict (409) that names the phases allowing it and the current one.
- `index`, `reached`, `before`, `crossed`, `next_phase`: the order, for pages and receivers.
- `add_perm_now(name, who, action)`: a permission that answers "may this person do this
  now" (who & the phase allows it), as pretalx's rules do, for pages and buttons
  (`can(user, name, obj)`). Services ask its two halves apart — `require_role` (403), then
  `require_phase` (409) on the locked year — so that a person with the role in the wrong
  phase is told which phases allow it (the API contract's 409), not refused as a stranger.
"""

from __future__ import annotations

from functools import cache

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.errors import Conflict, Forbidden
from thidua.org.models import ClusterYear, Phase

P = Phase
ORDER: tuple[str, ...] = tuple(Phase.order())
BEFORE_IN_PROGRESS = frozenset({P.PREPARING, P.LAUNCHED, P.COVENANT})
BEFORE_SELF_ASSESSMENT = BEFORE_IN_PROGRESS | {P.IN_PROGRESS}
BEFORE_CROSS_SCORING = BEFORE_SELF_ASSESSMENT | {P.SELF_ASSESSMENT}
FROM_RANKING = frozenset({P.RANKING, P.CONFERENCE, P.PROPOSALS, P.CLOSED})
OPEN = frozenset(Phase.values) - {P.CLOSED}

# action -> (phases in which it is allowed, what it is called in a message)
RULES: dict[str, tuple[frozenset, object]] = {
    "edit_launch": (frozenset({P.PREPARING, P.LAUNCHED}), gettext_lazy("soạn nội dung phát động")),
    "publish_launch": (frozenset({P.PREPARING, P.LAUNCHED}), gettext_lazy("công bố nội dung phát động")),
    "register": (frozenset({P.LAUNCHED, P.COVENANT, P.IN_PROGRESS}), gettext_lazy("đăng ký thi đua")),
    "edit_covenant": (frozenset({P.PREPARING, P.LAUNCHED, P.COVENANT}), gettext_lazy("sửa giao ước thi đua")),
    "sign_covenant": (frozenset({P.COVENANT}), gettext_lazy("ký giao ước thi đua")),
    "edit_criteria": (BEFORE_SELF_ASSESSMENT, gettext_lazy("sửa bảng tiêu chí chấm điểm")),
    # an existing table, outside the mid-year review (issue 12: in the year's work, only the
    # review amends it, with a reason: reports.table_amend, action "mid_year_review")
    "change_criteria": (BEFORE_IN_PROGRESS, gettext_lazy("thay đổi bảng tiêu chí ngoài hội nghị sơ kết")),
    "edit_settings_leader": (BEFORE_SELF_ASSESSMENT, gettext_lazy("sửa quy định của năm thi đua")),
    "edit_settings_organizer": (
        BEFORE_SELF_ASSESSMENT | {P.SELF_ASSESSMENT, P.CROSS_SCORING},
        gettext_lazy("sửa quy định của năm thi đua"),
    ),
    "self_assess": (frozenset({P.SELF_ASSESSMENT}), gettext_lazy("tự chấm điểm")),
    "assign_cross_scoring": (BEFORE_CROSS_SCORING, gettext_lazy("phân công chấm chéo")),
    "cross_score": (frozenset({P.CROSS_SCORING}), gettext_lazy("chấm chéo")),
    "query_score": (frozenset({P.CROSS_SCORING}), gettext_lazy("đề nghị giải trình")),
    "view_ranking": (FROM_RANKING, gettext_lazy("xem kết quả xếp hạng")),
    "edit_deadlines": (OPEN, gettext_lazy("sửa thời hạn các giai đoạn")),
    "issue_plan": (
        frozenset({P.IN_PROGRESS, P.SELF_ASSESSMENT, P.CROSS_SCORING, P.RANKING, P.CONFERENCE}),
        gettext_lazy("ban hành kế hoạch tổ chức hội nghị tổng kết"),
    ),
    # the year-end conference and the vote (thidua.voting)
    "edit_conference": (OPEN, gettext_lazy("sửa thông tin hội nghị tổng kết")),
    "show_conference": (FROM_RANKING, gettext_lazy("xem hội nghị tổng kết và biểu quyết")),
    "prepare_polls": (frozenset({P.RANKING, P.CONFERENCE}), gettext_lazy("chuẩn bị nội dung biểu quyết")),
    "vote": (frozenset({P.CONFERENCE}), gettext_lazy("điểm danh, mở, bỏ phiếu và kết thúc biểu quyết")),
    # the proposal dossier to the organizer (thidua.awards)
    "build_dossier": (frozenset({P.PROPOSALS}), gettext_lazy("lập hồ sơ đề nghị khen thưởng")),
    # the summary report and the mid-year review (thidua.reports)
    "mid_year_review": (frozenset({P.IN_PROGRESS}), gettext_lazy("sơ kết 6 tháng, sửa bảng tiêu chí tại hội nghị sơ kết")),
    "draft_report": (
        frozenset({P.IN_PROGRESS, P.SELF_ASSESSMENT, P.CROSS_SCORING, P.RANKING, P.CONFERENCE}),
        gettext_lazy("soạn, lấy ý kiến dự thảo báo cáo tổng kết"),
    ),
    "adopt_report": (frozenset({P.CONFERENCE}), gettext_lazy("thông qua báo cáo tổng kết")),
}


# --- the order ----------------------------------------------------------------------------
def index(phase: str) -> int:
    return ORDER.index(phase)


def _phase(year_or_phase) -> str:
    return year_or_phase.phase if isinstance(year_or_phase, ClusterYear) else year_or_phase


def reached(year_or_phase, phase: str) -> bool:
    """The year (or a phase) is at `phase` or later."""
    return index(_phase(year_or_phase)) >= index(phase)


def before(year_or_phase, phase: str) -> bool:
    return not reached(year_or_phase, phase)


def crossed(old_phase: str, new_phase: str, phase: str) -> bool:
    """A move from `old_phase` to `new_phase` enters (or jumps over into) `phase`."""
    return index(old_phase) < index(phase) <= index(new_phase)


def next_phase(phase: str) -> str | None:
    i = index(phase) + 1
    return ORDER[i] if i < len(ORDER) else None


def phases_from(phase: str) -> list[str]:
    """The phases from `phase` on, for `phase__in` queries."""
    return list(ORDER[index(phase) :])


# --- what each phase allows ---------------------------------------------------------------------
def allowed_phases(action: str) -> list[str]:
    return [p for p in ORDER if p in RULES[action][0]]


def phase_allows(year_or_phase, action: str) -> bool:
    return _phase(year_or_phase) in RULES[action][0]


def require_phase(cluster_year: ClusterYear, action: str) -> None:
    allowed, label = RULES[action]
    if cluster_year.phase not in allowed:
        names = ", ".join(f"“{Phase(p).label}”" for p in ORDER if p in allowed)
        raise Conflict(
            _("Chỉ được {action} trong giai đoạn {allowed}; năm thi đua đang ở giai đoạn “{current}”.").format(
                action=label, allowed=names, current=Phase(cluster_year.phase).label
            )
        )


# --- permissions that include the phase ----------------------------------------------------------
def year_of(obj) -> ClusterYear | None:
    """The year of a permission's object: a ClusterYear, or anything with `.cluster_year`
    (scoring's SheetRef, a voting Poll)."""
    if obj is None or isinstance(obj, ClusterYear):
        return obj
    return getattr(obj, "cluster_year", None)


@cache
def phase_open(action: str) -> rules.Predicate:
    """A django-rules predicate: the phase of the object's year allows `action`."""
    RULES[action]

    def allows(user, obj) -> bool:
        cluster_year = year_of(obj)
        return cluster_year is not None and phase_allows(cluster_year, action)

    return rules.Predicate(allows, name=f"phase_open:{action}")


_PERMS: dict[str, tuple[rules.Predicate, str]] = {}


def add_perm_now(name: str, who: rules.Predicate, action: str) -> None:
    """Register `name` as "may this person do this now": `who` and the phase allows `action`."""
    _PERMS[name] = (who, action)
    rules.add_perm(name, who & phase_open(action))


def action_of(perm: str) -> str:
    return _PERMS[perm][1]


def has_role(user, perm: str, obj) -> bool:
    """The person half of a phase permission: may the person do it in the right phase?"""
    return bool(_PERMS[perm][0].test(user, obj))


def require_role(user, perm: str, obj, message=None) -> None:
    """403 unless the person has the role of `perm` (whatever the phase)."""
    if not has_role(user, perm, obj):
        raise Forbidden(message or _("Bạn không có quyền thực hiện thao tác này."))


def require_now(user, perm: str, obj, message=None) -> None:
    """403 without the role, else 409 when the phase of the object's year forbids. A
    service that locks the year calls the two halves itself, around the lock."""
    require_role(user, perm, obj, message)
    require_phase(year_of(obj), action_of(perm))


def what_changes(current: str, target: str) -> tuple[list[str], list[str]]:
    """What moving from `current` to `target` ends and starts, from RULES: the names of the
    actions allowed in the current phase and not in the target (ended), and the reverse
    (started), each named once, in RULES' order — the words of the phase change's
    confirmation."""
    ended, started = [], []
    for allowed, label in RULES.values():
        text = str(label)
        if current in allowed and target not in allowed and text not in ended:
            ended.append(text)
        elif target in allowed and current not in allowed and text not in started:
            started.append(text)
    return ended, started
