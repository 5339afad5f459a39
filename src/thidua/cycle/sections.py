"""The cycle app's own sections of the year workspace (registered in CycleConfig.ready):
launch, registrations, covenant, the year's rules and the conference plan, each with a
short state. A fixed number of queries, whatever the number of members."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.org.models import Membership

from .models import ConferencePlan, Covenant, CovenantSignature, Launch, Registration
from .tasks import year_url
from .workspace import Section


def cycle_sections(user, cluster_year) -> list[Section]:
    if not user.has_perm("cycle.view_year", cluster_year):
        return []
    members = Membership.objects.filter(cluster_year=cluster_year).count()
    launch = Launch.objects.filter(cluster_year=cluster_year).only("published_at", "title").first()
    registered = Registration.objects.filter(cluster_year=cluster_year).count()
    covenant = Covenant.objects.filter(cluster_year=cluster_year).only("frozen_at").first()
    signed = CovenantSignature.objects.filter(covenant__cluster_year=cluster_year).count()
    plan = ConferencePlan.objects.filter(cluster_year=cluster_year).select_related("issued_document").first()
    if launch is None:
        launch_status = _("Chưa soạn")
    elif launch.is_published:
        launch_status = _("Đã công bố")
    else:
        launch_status = _("Bản nháp")
    if covenant is None:
        covenant_status = _("Chưa có nội dung")
    elif covenant.is_frozen:
        covenant_status = _("Đã ký đủ, đã khóa")
    else:
        covenant_status = _("{signed}/{total} đơn vị đã ký").format(signed=signed, total=members)
    return [
        Section(_("Phát động thi đua"), year_url("cycle_launch", cluster_year),
                _("Tiêu đề, mục tiêu và các nội dung thi đua của năm."), launch_status, order=10),
        Section(_("Đăng ký thi đua"), year_url("cycle_registrations", cluster_year),
                _("Danh hiệu, hình thức khen thưởng các đơn vị đăng ký và cam kết."),
                _("{n}/{total} đơn vị đã đăng ký").format(n=registered, total=members), order=20),
        Section(_("Giao ước thi đua"), year_url("cycle_covenant", cluster_year),
                _("Nội dung giao ước, tiến độ ký và bản .docx."), covenant_status, order=30),
        Section(_("Quy định của năm"), year_url("cycle_settings", cluster_year),
                _("Cách chấm chéo, tổng hợp điểm, tỷ lệ phiếu, số lượng khen thưởng, thời hạn."), "", order=40),
        Section(_("Kế hoạch hội nghị tổng kết"), year_url("cycle_plan", cluster_year),
                _("Kế hoạch tổ chức Hội nghị tổng kết, cấp số theo sổ văn bản của đơn vị Cụm trưởng."),
                _("Số {number}").format(number=plan.issued_document.document_number) if plan else _("Chưa ban hành"), order=90),
    ]
