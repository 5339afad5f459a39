"""The words of the cycle's irreversible acts (thidua.core.confirm, decision 0012): what
will happen, concretely, for the confirmation modal and page alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation
from thidua.org.models import ClusterYear, Phase

from . import phases


def phase_move(cluster_year: ClusterYear, target: str, *, organizer_may_go_back: bool = True) -> Confirmation:
    """Moving the year to `target`, on or back; what ends and starts is read from the phase
    rules (phases.RULES), so the words follow the rules."""
    label, year, cluster = Phase(target).label, cluster_year.year, cluster_year.cluster.name
    back = phases.index(target) < phases.index(cluster_year.phase)
    ended, started = phases.what_changes(cluster_year.phase, target)
    consequences = []
    if ended:
        consequences.append(_("Không còn được: {actions}.").format(actions="; ".join(ended)))
    if started:
        consequences.append(_("Bắt đầu được: {actions}.").format(actions="; ".join(started)))
    if target == Phase.SELF_ASSESSMENT and not back:
        consequences.append(_("Bảng tiêu chí chấm điểm bị khóa, không sửa được nữa."))
    if target == Phase.COVENANT and not back:
        consequences.append(_("Nội dung giao ước được soạn từ nội dung phát động để các đơn vị ký."))
    if back:
        consequences.append(_("Lý do được ghi vào nhật ký; những gì đã làm ở các giai đoạn sau vẫn được giữ."))
    elif organizer_may_go_back:
        consequences.append(_("Chỉ cơ quan tổ chức đưa được năm thi đua về giai đoạn trước, với lý do."))
    if back:
        title = _("Đưa năm {year} về giai đoạn “{phase}”?").format(year=year, phase=label)
        what = _("{cluster} năm {year} sẽ quay về giai đoạn “{phase}” (đang ở “{current}”).").format(
            cluster=cluster, year=year, phase=label, current=cluster_year.get_phase_display())
    else:
        title = _("Chuyển năm {year} sang giai đoạn “{phase}”?").format(year=year, phase=label)
        what = _("{cluster} năm {year} sẽ chuyển từ giai đoạn “{current}” sang “{phase}”.").format(
            cluster=cluster, year=year, phase=label, current=cluster_year.get_phase_display())
    return Confirmation(
        title=title, what=what, consequences=consequences,
        notified=_("Các đơn vị thành viên thấy giai đoạn mới và việc cần làm trên trang của năm thi đua."),
        button=_("Đưa về giai đoạn “{phase}”").format(phase=label) if back else _("Chuyển sang “{phase}”").format(phase=label),
        danger=back,
    )  # fmt: skip


def launch_publish(cluster_year: ClusterYear) -> Confirmation:
    consequences = [_("Các đơn vị bắt đầu đăng ký thi đua theo nội dung này."), _("Nội dung giao ước sẽ được soạn từ nội dung đã công bố.")]
    if cluster_year.phase == Phase.PREPARING:
        consequences.append(_("Năm thi đua chuyển sang giai đoạn “{phase}”.").format(phase=Phase.LAUNCHED.label))
    return Confirmation(
        title=_("Công bố nội dung phát động thi đua năm {year}?").format(year=cluster_year.year),
        what=_("Nội dung phát động được gửi tới mọi đơn vị thành viên của {cluster}.").format(cluster=cluster_year.cluster.name),
        consequences=consequences,
        button=_("Công bố"),
    )


def covenant_sign(cluster_year: ClusterYear, unit) -> Confirmation:
    return Confirmation(
        title=_("Ký giao ước thi đua năm {year}?").format(year=cluster_year.year),
        what=_("{unit} ký giao ước thi đua năm {year} của {cluster} với nội dung đang hiển thị.").format(
            unit=unit.name if unit else "", year=cluster_year.year, cluster=cluster_year.cluster.name),
        consequences=[_("Chữ ký không rút lại được; khi đơn vị đầu tiên ký, nội dung giao ước không sửa được nữa."),
                      _("Khi mọi đơn vị đã ký, giao ước được khóa để cấp số.")],
        button=_("Ký giao ước"),
    )  # fmt: skip


def covenant_number(cluster_year: ClusterYear) -> Confirmation:
    return Confirmation(
        title=_("Cấp số cho giao ước thi đua năm {year}?").format(year=cluster_year.year),
        what=_("Giao ước nhận số tiếp theo trong sổ văn bản của đơn vị Cụm trưởng."),
        consequences=[_("Số đã cấp không thu hồi và không dùng lại được.")],
        button=_("Cấp số"),
    )


def plan_issue(cluster_year: ClusterYear) -> Confirmation:
    return Confirmation(
        title=_("Ban hành kế hoạch tổ chức hội nghị tổng kết năm {year}?").format(year=cluster_year.year),
        what=_("Kế hoạch nhận số tiếp theo trong sổ văn bản của đơn vị Cụm trưởng và được ban hành với nội dung đã nhập."),
        consequences=[_("Số đã cấp không thu hồi và không dùng lại được; kế hoạch đã ban hành không sửa được.")],
        button=_("Cấp số và ban hành"),
    )
