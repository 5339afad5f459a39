"""The words of the reports app's irreversible acts (core.confirm, decision 0012)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.core.confirm import Confirmation


def circulate(cluster_year) -> Confirmation:
    return Confirmation(
        title=_("Gửi dự thảo Báo cáo tổng kết năm {year} xin ý kiến?").format(year=cluster_year.year),
        what=_("Dự thảo hiện tại được gửi tới mọi đơn vị thành viên của {cluster} để góp ý đến hết hạn đã chọn; "
               "công văn xin ý kiến được lập kèm theo.").format(cluster=cluster_year.cluster.name),
        consequences=[_("Lần dự thảo đã gửi không sửa được nữa: mọi chỉnh sửa sau đó tạo lần dự thảo mới.")],
        notified=_("Cán bộ thi đua và lãnh đạo các đơn vị thành viên nhận thông báo và việc cần làm."),
        button=_("Gửi xin ý kiến"),
    )


def adopt(cluster_year, version) -> Confirmation:
    number = version.number if version is not None else "—"
    return Confirmation(
        title=_("Ghi nhận hội nghị thông qua Báo cáo tổng kết năm {year} (lần {n})?").format(year=cluster_year.year, n=number),
        what=_("Lần dự thảo {n} trở thành báo cáo tổng kết chính thức của năm, dùng trong hồ sơ và biên bản hội nghị.").format(n=number),
        consequences=[_("Sau khi thông qua, báo cáo không sửa được và không nhận thêm góp ý.")],
        notified=_("Các đơn vị thành viên nhận thông báo."),
        button=_("Thông qua"),
    )
