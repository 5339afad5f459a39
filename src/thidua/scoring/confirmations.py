"""The words of the scoring pages' irreversible acts (thidua.core.confirm, decision 0012):
submitting a self-assessment or a cross sheet freezes it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation


def self_submit(cluster_year, unit) -> Confirmation:
    return Confirmation(
        title=_("Nộp bảng tự chấm điểm năm {year}?").format(year=cluster_year.year),
        what=_("Bảng tự chấm điểm của {unit} được nộp với bản nháp đã lưu gần nhất (điểm, giải trình và minh chứng).").format(
            unit=unit.name),
        consequences=[
            _("Bảng tự chấm và minh chứng được khóa lại để các đơn vị chấm chéo xem."),
            _("Muốn sửa phải đề nghị Thường trực Cụm mở lại."),
            _("Những gì vừa gõ mà chưa “Lưu nháp” sẽ không được nộp."),
        ],
        notified=_("Thường trực Cụm thấy bảng đã nộp trong tiến độ tự chấm điểm."),
        button=_("Xác nhận nộp"),
    )  # fmt: skip


def cross_submit(cluster_year, unit, scorer) -> Confirmation:
    return Confirmation(
        title=_("Nộp phiếu chấm chéo {unit}?").format(unit=unit.name),
        what=_("Phiếu chấm điểm {unit} của {scorer} năm {year} được nộp với bản nháp đã lưu gần nhất.").format(
            unit=unit.name, scorer=scorer.name, year=cluster_year.year),
        consequences=[
            _("Phiếu được khóa và tính vào kết quả xếp hạng."),
            _("Muốn sửa phải đề nghị Thường trực Cụm mở lại."),
            _("Những gì vừa gõ mà chưa “Lưu nháp” sẽ không được nộp."),
        ],
        button=_("Xác nhận nộp"),
    )  # fmt: skip
