"""The words of the voting pages' irreversible acts (thidua.core.confirm, decision 0012):
opening and closing a poll, deleting a draft, numbering the conference's documents."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation


def poll_open(poll, turnout) -> Confirmation:
    return Confirmation(
        title=_("Mở biểu quyết “{title}”?").format(title=poll.title),
        what=_("Biểu quyết được mở cho {present}/{entitled} đơn vị đang có mặt; đại biểu bỏ phiếu trên điện thoại hoặc máy tính.").format(
            present=turnout.present, entitled=turnout.entitled),
        consequences=[
            _("Câu hỏi, danh sách đề cử, cách bỏ phiếu, tỷ lệ trúng và danh sách đơn vị có mặt được khóa lại, không sửa được nữa."),
            _("Trong khi biểu quyết mở, không đổi được đại biểu, thành viên của cụm và không chuyển được giai đoạn."),
        ],
        notified=_("Đại biểu các đơn vị có mặt thấy phiếu biểu quyết trên trang hội nghị."),
        button=_("Mở biểu quyết"),
    )  # fmt: skip


def poll_close(poll, turnout) -> Confirmation:
    return Confirmation(
        title=_("Kết thúc biểu quyết “{title}”?").format(title=poll.title),
        what=_("Biểu quyết kết thúc với {voted}/{present} đơn vị có mặt đã bỏ phiếu; kết quả được kiểm và công bố ngay.").format(
            voted=turnout.voted, present=turnout.present),
        consequences=[
            _("Đơn vị chưa bỏ phiếu không bỏ phiếu được nữa."),
            _("Phiếu được mở niêm phong, kết quả và danh sách phiếu được công bố; không mở lại được."),
        ],
        notified=_("Kết quả hiện trên màn hình hội trường và trang biểu quyết của mọi đơn vị."),
        button=_("Kết thúc và công bố"),
        danger=True,
    )  # fmt: skip


def poll_delete(poll) -> Confirmation:
    return Confirmation(
        title=_("Xóa biểu quyết “{title}”?").format(title=poll.title),
        what=_("Biểu quyết đang chuẩn bị “{title}” bị xóa cùng câu hỏi và danh sách đề cử.").format(title=poll.title),
        consequences=[_("Không khôi phục được; việc xóa được ghi vào nhật ký.")],
        button=_("Xóa"),
        danger=True,
    )


def document_number(cluster_year, kind: str) -> Confirmation:
    name = _("giấy mời") if kind == "invitation" else _("biên bản hội nghị")
    return Confirmation(
        title=_("Cấp số cho {document} năm {year}?").format(document=name, year=cluster_year.year),
        what=_("{document} nhận số tiếp theo trong sổ văn bản của đơn vị Cụm trưởng.").format(document=name.capitalize()),
        consequences=[_("Số đã cấp không thu hồi và không dùng lại được.")],
        button=_("Cấp số"),
    )
