"""The demo of the summary report: Cụm thi đua số II's 2017 report (seed article of
01/12/2017), through the real services. Hải Phòng (leader) gives the drafting to Phú Thọ
(deputy, who presented the report at the conference); Phú Thọ drafts it from the year's
facts, circulates it with the Công văn; Thái Nguyên and Bắc Ninh comment on what the seed
says the delegates asked for (renewing the movement and the commendation work; a shared
information channel), Hà Nội's comment and its decline are ILLUSTRATIVE; the accepted
comments go into version 2, adopted at the conference of 30/11–01/12/2017.

From the seed: the deputy unit presented the report, the members broadly agreed with the
draft and commented on it, the two subjects of their comments, the conference's dates.
ILLUSTRATIVE (the seed gives no such details): the dates of the drafts and of the comment
round, which units commented, the wording of the comments and the replies. The seed says
the draft was "của đơn vị Cụm trưởng": the report is issued by the leader on behalf of the
cluster; the drafting by Phú Thọ is the issue's reading of who presented it.

No mid-year review record: the seeds say nothing of a 2017 sơ kết, and none is invented.
Idempotent: a 2017 report that exists is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, Phase, Unit, User

from . import services
from .models import Report, ReportComment, ReportVersion

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MARK = " (minh họa)"

ASSESSMENT = (
    "Trong năm 2017, công tác thi đua - khen thưởng của Cụm thi đua số II đã được quan tâm và thực hiện sôi nổi. Cụm đã thực hiện "
    "nghiêm túc Quy chế tổ chức hoạt động và nguyên tắc bình xét thi đua của các đơn vị trong Cụm thi đua số II. Phong trào thi "
    "đua của Cụm nói chung và các đơn vị thành viên nói riêng được tổ chức thường xuyên, rộng khắp với nhiều hình thức phong phú "
    "và nội dung phù hợp với đặc thù từng đơn vị.\n"
    "Cùng với các phong trào thi đua, các đơn vị thành viên đã gắn kết chặt chẽ việc thực hiện thi đua với thực hiện nhiệm vụ "
    "chính trị của đơn vị mình; qua đó nâng cao hiệu quả, ý nghĩa của công tác thi đua - khen thưởng và tạo động lực để thực "
    "hiện tốt công tác đối ngoại của các địa phương."
)
DIRECTION = (
    "Trong năm 2018, các đơn vị của Cụm thi đua số II tiếp tục đẩy mạnh phong trào thi đua gắn với nhiệm vụ chuyên môn cụ thể, "
    "thiết thực; động viên, khen thưởng kịp thời những cá nhân và tập thể hoàn thành tốt nhiệm vụ để thi đua thực sự trở thành "
    "đòn bẩy tích cực trong hoạt động đối ngoại."
)
RENEWAL = "Tăng cường đổi mới việc thực hiện phong trào thi đua và công tác khen thưởng."
CHANNEL = ("Thiết lập kênh thông tin chung để các đơn vị trong Cụm chia sẻ những bài học, kinh nghiệm, những cách làm hiệu quả "
           "trong công tác đối ngoại, hỗ trợ nhau thực hiện nhiệm vụ được giao.")
COMMENTS = [  # (province, section, text, answer, reply)
    ("Thái Nguyên", "kien-nghi", "Đề nghị bổ sung kiến nghị thiết lập kênh thông tin chung để các đơn vị trong Cụm chia sẻ bài học, "
     "kinh nghiệm, cách làm hiệu quả trong công tác đối ngoại." + MARK, "accepted", "Tiếp thu, bổ sung vào mục V." + MARK),
    ("Bắc Ninh", "phuong-huong", "Đề nghị nhấn mạnh việc tăng cường đổi mới thực hiện phong trào thi đua và công tác khen thưởng "
     "trong phương hướng năm 2018." + MARK, "accepted", "Tiếp thu, bổ sung vào mục IV." + MARK),
    ("Hà Nội", "", "Đề nghị bổ sung bảng số liệu khen thưởng của từng đơn vị vào thân báo cáo." + MARK, "declined",
     "Không tiếp thu: số liệu của từng đơn vị đã có tại Phụ lục kết quả chấm điểm kèm theo báo cáo." + MARK),
]


def _unit(cluster_year: ClusterYear, province: str) -> Unit:
    return next(m.unit for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province")
                if m.unit.province and m.unit.province.short_name == province)  # fmt: skip


def _staff(unit: Unit) -> User | None:
    people = User.objects.filter(unit=unit, is_active=True).order_by("-is_unit_officer", "username")
    return people.filter(is_unit_officer=True).first() or people.filter(is_unit_head=True).first()


def _at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=VN)


@transaction.atomic
def load_reports_demo() -> list[str]:
    organizer = Organizer.objects.filter(symbol="BNG").first() or Organizer.objects.filter(name__icontains="Ngoại giao").first()
    cluster = Cluster.objects.filter(organizer=organizer, number="II").first() if organizer else None
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=2017).select_related("cluster__organizer").first() if cluster else None
    if cluster_year is None:
        return ["Chưa có Cụm thi đua số II năm 2017: bỏ qua báo cáo tổng kết."]
    if Report.objects.filter(cluster_year=cluster_year).exists():
        return ["Báo cáo tổng kết 2017 của Cụm thi đua số II đã có trong dữ liệu mẫu."]
    try:
        leader = Membership.objects.get(cluster_year=cluster_year, role="leader").unit
        phu_tho, units = _unit(cluster_year, "Phú Thọ"), {p: _unit(cluster_year, p) for p, *_r in COMMENTS}
    except (Membership.DoesNotExist, StopIteration):
        return ["Thiếu đơn vị của Cụm thi đua số II năm 2017: bỏ qua báo cáo tổng kết."]
    leader_officer, drafter = _staff(leader), _staff(phu_tho)
    if leader_officer is None or drafter is None or any(_staff(u) is None for u in units.values()):
        return ["Thiếu tài khoản demo của Cụm thi đua số II: bỏ qua báo cáo tổng kết."]
    old_phase = cluster_year.phase
    # the round happens before and at the conference: the services run in the conference phase, then the year is put back
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=Phase.CONFERENCE)
    cluster_year.phase = Phase.CONFERENCE
    services.report_assign_drafter(actor=leader_officer, cluster_year=cluster_year, unit=phu_tho)
    v1 = services.report_start(actor=drafter, cluster_year=cluster_year)
    texts = {s["key"]: s["text"] for s in v1.sections}
    texts["danh-gia"] = ASSESSMENT
    texts["phuong-huong"] = DIRECTION
    texts["kien-nghi"] = "Đề nghị Bộ Ngoại giao tiếp tục quan tâm, hướng dẫn hoạt động của Cụm." + MARK
    services.report_save(actor=drafter, cluster_year=cluster_year, sections=texts, note="Dự thảo lần 1")
    services.report_circulate(actor=drafter, cluster_year=cluster_year, comments_until=timezone.localdate() + dt.timedelta(days=7))
    made = []
    for province, section, text, answer, reply in COMMENTS:
        comment = services.report_comment(actor=_staff(units[province]), cluster_year=cluster_year, section=section, text=text)
        services.report_comment_answer(actor=drafter, cluster_year=cluster_year, comment_id=comment.pk, state=answer, reply=reply)
        made.append(comment.pk)
    texts["phuong-huong"] = DIRECTION + "\n" + RENEWAL
    texts["kien-nghi"] = texts["kien-nghi"] + "\n" + CHANNEL
    v2 = services.report_save(actor=drafter, cluster_year=cluster_year, sections=texts,
                              note="Tiếp thu góp ý của Thái Nguyên (mục V) và Bắc Ninh (mục IV)")
    services.report_adopt(actor=leader_officer, cluster_year=cluster_year, number=v2.number)
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=old_phase)
    # the round's clock (illustrative: the seed gives only the conference's dates)
    report = Report.objects.get(cluster_year=cluster_year)
    Report.objects.filter(pk=report.pk).update(comments_until=dt.date(2017, 11, 24))
    ReportVersion.objects.filter(pk=v1.pk).update(created_at=_at("2017-11-10"), circulated_at=_at("2017-11-13"))
    ReportVersion.objects.filter(pk=v2.pk).update(created_at=_at("2017-11-27"), adopted_at=_at("2017-12-01", 10))
    for i, pk in enumerate(made):
        ReportComment.objects.filter(pk=pk).update(created_at=_at(f"2017-11-{20 + i}"), replied_at=_at("2017-11-27", 8))
    return [
        "Báo cáo tổng kết 2017 của Cụm thi đua số II: Phú Thọ soạn thảo (Hải Phòng giao), gửi xin ý kiến, "
        f"{len(COMMENTS)} ý kiến góp ý (2 tiếp thu, 1 không tiếp thu), lần 2 được hội nghị thông qua (ngày, nội dung góp ý: minh họa)."
    ]
