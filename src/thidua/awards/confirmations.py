"""The words of the dossier's irreversible acts (core.confirm, decision 0012)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation


def _name(cluster_year) -> str:
    return f"{cluster_year.cluster.name} năm {cluster_year.year}" if cluster_year is not None else _("của cụm")


def submit_confirmation(cluster_year) -> Confirmation:
    org = cluster_year.cluster.organizer.name
    return Confirmation(
        title=_("Gửi hồ sơ đề nghị khen thưởng {name} tới {org}?").format(name=_name(cluster_year), org=org),
        what=_("Hồ sơ (tờ trình, danh sách, biên bản, báo cáo thành tích) được gửi tới cơ quan tổ chức để xem xét."),
        consequences=[_("Sau khi gửi, các đơn vị không sửa được báo cáo thành tích, trừ khi hồ sơ bị trả lại.")],
        notified=_("Cán bộ cơ quan tổ chức và các đơn vị thành viên được thông báo."),
        button=_("Gửi hồ sơ"),
    )


def return_confirmation(cluster_year) -> Confirmation:
    return Confirmation(
        title=_("Trả lại hồ sơ đề nghị khen thưởng {name}?").format(name=_name(cluster_year)),
        what=_("Hồ sơ được trả lại đơn vị Cụm trưởng kèm lý do để bổ sung, hoàn thiện và gửi lại."),
        consequences=[_("Lý do trả lại được lưu trong diễn biến hồ sơ, các đơn vị thành viên đều thấy.")],
        notified=_("Các đơn vị thành viên của cụm được thông báo."),
        button=_("Trả lại hồ sơ"),
        danger=True,
    )


def accept_confirmation(cluster_year) -> Confirmation:
    return Confirmation(
        title=_("Tiếp nhận hồ sơ đề nghị khen thưởng {name}?").format(name=_name(cluster_year)),
        what=_("Hồ sơ được tiếp nhận và chờ quyết định khen thưởng."),
        consequences=[_("Không trả lại được hồ sơ đã tiếp nhận.")],
        notified=_("Các đơn vị thành viên của cụm được thông báo."),
        button=_("Tiếp nhận hồ sơ"),
    )
