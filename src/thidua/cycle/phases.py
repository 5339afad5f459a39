"""What each phase of a cluster's year allows. The phase decides: a service calls
`require_phase(cluster_year, action)` before it writes, and the refusal is a Conflict
(HTTP 409) that says which phases allow it and which phase the year is in."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.errors import Conflict
from thidua.org.models import ClusterYear, Phase

P = Phase
BEFORE_SELF_ASSESSMENT = frozenset({P.PREPARING, P.LAUNCHED, P.COVENANT, P.IN_PROGRESS})
FROM_RANKING = frozenset({P.RANKING, P.CONFERENCE, P.PROPOSALS, P.CLOSED})

# action -> (phases in which it is allowed, what it is called in a message)
RULES: dict[str, tuple[frozenset, object]] = {
    "edit_launch": (frozenset({P.PREPARING, P.LAUNCHED}), gettext_lazy("soạn nội dung phát động")),
    "publish_launch": (frozenset({P.PREPARING, P.LAUNCHED}), gettext_lazy("công bố nội dung phát động")),
    "register": (frozenset({P.LAUNCHED, P.COVENANT, P.IN_PROGRESS}), gettext_lazy("đăng ký thi đua")),
    "edit_covenant": (frozenset({P.PREPARING, P.LAUNCHED, P.COVENANT}), gettext_lazy("sửa giao ước thi đua")),
    "sign_covenant": (frozenset({P.COVENANT}), gettext_lazy("ký giao ước thi đua")),
    "edit_criteria": (BEFORE_SELF_ASSESSMENT, gettext_lazy("sửa bảng tiêu chí chấm điểm")),
    "edit_settings_leader": (BEFORE_SELF_ASSESSMENT, gettext_lazy("sửa quy định của năm thi đua")),
    "edit_settings_organizer": (
        BEFORE_SELF_ASSESSMENT | {P.SELF_ASSESSMENT, P.CROSS_SCORING},
        gettext_lazy("sửa quy định của năm thi đua"),
    ),
    "self_assess": (frozenset({P.SELF_ASSESSMENT}), gettext_lazy("tự chấm điểm")),
    "cross_score": (frozenset({P.CROSS_SCORING}), gettext_lazy("chấm chéo")),
    "query_score": (frozenset({P.CROSS_SCORING}), gettext_lazy("đề nghị giải trình")),
    "view_ranking": (FROM_RANKING, gettext_lazy("xem kết quả xếp hạng")),
    "edit_deadlines": (frozenset(Phase.values) - {P.CLOSED}, gettext_lazy("sửa thời hạn các giai đoạn")),
    "issue_plan": (
        frozenset({P.IN_PROGRESS, P.SELF_ASSESSMENT, P.CROSS_SCORING, P.RANKING, P.CONFERENCE}),
        gettext_lazy("ban hành kế hoạch tổ chức hội nghị tổng kết"),
    ),
    # the year-end conference and the vote (thidua.voting)
    "edit_conference": (frozenset(Phase.values) - {P.CLOSED}, gettext_lazy("sửa thông tin hội nghị tổng kết")),
    "prepare_polls": (frozenset({P.RANKING, P.CONFERENCE}), gettext_lazy("chuẩn bị nội dung biểu quyết")),
    "vote": (frozenset({P.CONFERENCE}), gettext_lazy("điểm danh, mở, bỏ phiếu và kết thúc biểu quyết")),
}


def phase_allows(cluster_year: ClusterYear, action: str) -> bool:
    return cluster_year.phase in RULES[action][0]


def require_phase(cluster_year: ClusterYear, action: str) -> None:
    allowed, label = RULES[action]
    if cluster_year.phase not in allowed:
        names = ", ".join(f"“{Phase(p).label}”" for p in Phase.order() if p in allowed)
        raise Conflict(
            _("Chỉ được {action} trong giai đoạn {allowed}; năm thi đua đang ở giai đoạn “{current}”.").format(
                action=label, allowed=names, current=Phase(cluster_year.phase).label
            )
        )
