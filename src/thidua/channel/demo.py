"""The demo of the information channel: the two seed articles as the product makes them.

- Cụm thi đua số II, 2017 (seed 001): after the replayed conference, the news is drafted
  from the year's results (attendance, the Flag and Certificates proposed, the 2018 leader
  and deputies), edited with what the seed tells (Phú Thọ, the deputy unit, presented the
  summary report; the members commented on the draft and asked for a shared information
  channel) and published on 01/12/2017; a member comments on it.
- Cụm thi đua số 3, 2022 (seed 000): the 2022 leader's plan 91/KH-CTĐ of 23/11/2022 (issued
  here through the cycle's service, the number as the seed gives it, if the demo has no plan
  yet), then the news drafted from the 2022 results — naming the plan and the 2023
  covenant the nine members signed — edited with the seed's facts (16/12/2022 in Tam Kỳ, the
  guests, Quảng Bình elected leader and Quảng Ngãi deputy, the 2023 launch) and published at
  8:31 on 17/12/2022 by Quảng Bình, as on the seed's page.

The publication times are set to the seeds' (the replay's clock, as voting's demo does).
Idempotent: a cluster-year that already has its news from results is left alone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from thidua.org.models import Cluster, ClusterYear, Membership, Organizer, User

from . import drafting, services
from .models import Post

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _year(number: str, year: int) -> ClusterYear | None:
    organizer = Organizer.objects.filter(symbol="BNG").first()
    cluster = Cluster.objects.filter(organizer=organizer, number=number).first() if organizer else None
    return ClusterYear.objects.filter(cluster=cluster, year=year).select_related("cluster__organizer").first() if cluster else None


def _unit(cluster_year: ClusterYear, province: str):
    for m in Membership.objects.filter(cluster_year=cluster_year).select_related("unit__province"):
        if m.unit.province and m.unit.province.short_name == province:
            return m.unit
    return None


def _officer(unit) -> User | None:
    return User.objects.filter(unit=unit, is_unit_officer=True, is_active=True).order_by("username").first() if unit else None


def _publish_at(actor, post: Post, when: dt.datetime, data: dict) -> Post:
    post = services.post_update(actor=actor, post=post, data={**data, "publish": True})
    Post.objects.filter(pk=post.pk).update(published_at=when)
    return post


def _without_opening(drafted: str) -> str:
    """The drafted body without its opening sentence (the officer's text replaces it)."""
    return drafted.split("</p>", 1)[1] if "</p>" in drafted else drafted


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _cluster_ii_2017() -> list[str]:
    cy = _year("II", 2017)
    if cy is None:
        return ["channel: chưa có Cụm thi đua số II năm 2017"]
    if Post.objects.filter(cluster_year=cy, from_results=True).exists():
        return ["channel: tin Hội nghị tổng kết 2017 của Cụm thi đua số II đã có"]
    writer = _officer(_unit(cy, "Thái Nguyên"))
    commenter = _officer(_unit(cy, "Yên Bái"))
    if writer is None:
        return ["channel: thiếu tài khoản demo của Sở Ngoại vụ tỉnh Thái Nguyên"]
    post = drafting.news_draft_from_results(actor=writer, cluster_year=cy)
    _title, _summary, drafted = drafting.article(cy)
    body = _p(
        "Trong hai ngày 30/11 và 01/12/2017, tại thành phố Thái Nguyên, Cụm thi đua số II - Bộ Ngoại giao đã tổ chức Hội nghị "
        "Tổng kết công tác thi đua khen thưởng năm 2017.",
        "Tại Hội nghị, đồng chí Đỗ Ngọc Dũng, Giám đốc Sở Ngoại vụ tỉnh Phú Thọ - đơn vị Cụm phó Cụm thi đua số II đã thay mặt "
        "Cụm thi đua báo cáo tóm tắt kết quả công tác thi đua khen thưởng năm 2017.",
        "Các đơn vị thành viên cơ bản nhất trí với nội dung Dự thảo Báo cáo; các đại biểu đã góp ý vào Dự thảo, tập trung vào "
        "việc tăng cường đổi mới việc thực hiện phong trào thi đua và công tác khen thưởng, thiết lập kênh thông tin chung để các "
        "đơn vị trong Cụm chia sẻ những bài học, kinh nghiệm, những cách làm hiệu quả trong công tác đối ngoại.",
    ) + _without_opening(drafted)
    body += _p("<em>Số phiếu của các cuộc biểu quyết trong bản demo là minh họa; kết quả theo tư liệu của Cụm.</em>")
    post = _publish_at(writer, post, dt.datetime(2017, 12, 1, 16, 30, tzinfo=VN), {
        "title": "Kết quả tổng kết công tác thi đua, khen thưởng năm 2017 Cụm thi đua số II - Bộ Ngoại giao",
        "summary": "Trong hai ngày 30/11 và 01/12/2017, tại thành phố Thái Nguyên, Cụm thi đua số II - Bộ Ngoại giao đã tổ chức "
                   "Hội nghị Tổng kết công tác thi đua khen thưởng năm 2017.",
        "body": body,
    })
    if commenter is not None:
        services.comment_add(actor=commenter, post=post, text="Đề nghị các đơn vị đăng kinh nghiệm, cách làm hay lên kênh thông "
                                                               "tin chung của Cụm như Hội nghị đã thống nhất. (Ý kiến minh họa)")
    practice = services.post_create(actor=writer, cluster=cy.cluster, data={
        "kind": Post.Kind.PRACTICE, "title": "(Minh họa) Chia sẻ cách tổ chức Hội nghị tổng kết Cụm trên ThiDua",
        "summary": "Bài minh họa của thư viện kinh nghiệm, cách làm hay: Hội nghị tổng kết 2017 của Cụm được phát lại trên ThiDua.",
        "body": _p("Bài viết minh họa cho thư viện <strong>kinh nghiệm, cách làm hay</strong> mà Hội nghị tổng kết năm 2017 đề xuất: "
                   "điểm danh, biểu quyết bằng phiếu kín điện tử và công bố kết quả ngay tại Hội nghị."),
        "tags": ["Kinh nghiệm", "Hội nghị tổng kết"],
    })
    _publish_at(writer, practice, dt.datetime(2017, 12, 5, 9, 0, tzinfo=VN), {})
    return ["channel: Cụm thi đua số II — tin Hội nghị tổng kết 2017 (soạn từ kết quả, đã đăng 01/12/2017), một ý kiến, "
            "một bài kinh nghiệm (minh họa)"]


def _plan_2022(cy: ClusterYear, actor) -> None:
    """Kế hoạch số 91/KH-CTĐ ngày 23/11/2022 of the 2022 leader, numbered as the seed gives it:
    in Quảng Nam's register under the cluster's symbol CTĐ (the product's own plans take the
    leader unit's symbol, decision 0020; the seed's plan predates the product), audited as
    the cycle's service audits a plan."""
    from thidua.core.audit import audit_record, snapshot
    from thidua.cycle.models import ConferencePlan
    from thidua.documents.numbering import document_number_issue

    if ConferencePlan.objects.filter(cluster_year=cy).exists() or actor is None:
        return
    document = document_number_issue(
        actor=actor, unit=actor.unit, doc_type="KH", issuer_symbol="CTĐ", date=dt.date(2022, 11, 23), number=91,
        subject="Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022",
    )
    plan = ConferencePlan.objects.create(
        cluster_year=cy, issued_document=document, issuer_unit=actor.unit, date=dt.date(2022, 11, 23),
        conference_date=dt.date(2022, 12, 16), conference_place="Thành phố Tam Kỳ, tỉnh Quảng Nam", issued_by=actor,
    )
    audit_record(actor=actor, action="conference_plan.issue", obj=plan, cluster_id=cy.cluster_id,
                 organizer_id=cy.cluster.organizer_id, after=snapshot(plan, exclude=("issued_at",)))


def _cluster_3_2022() -> list[str]:
    cy = _year("3", 2022)
    if cy is None:
        return ["channel: chưa có Cụm thi đua số 3 năm 2022"]
    if Post.objects.filter(cluster_year=cy, from_results=True).exists():
        return ["channel: tin Hội nghị tổng kết 2022 của Cụm thi đua số 3 đã có"]
    writer = _officer(_unit(cy, "Quảng Bình"))
    if writer is None:
        return ["channel: thiếu tài khoản demo của Sở Ngoại vụ tỉnh Quảng Bình"]
    _plan_2022(cy, _officer(_unit(cy, "Quảng Nam")))
    post = drafting.news_draft_from_results(actor=writer, cluster_year=cy)
    _title, _summary, drafted = drafting.article(cy)
    body = _p(
        "Ngày 16/12/2022, Đoàn công tác của Sở Ngoại vụ tỉnh Quảng Bình do bà Nguyễn Thị Hương Giang, Giám đốc Sở làm Trưởng đoàn "
        "tham gia Hội nghị tổng kết công tác thi đua, khen thưởng năm 2022 của Cụm Thi đua số 3, Bộ Ngoại giao (khu vực Bắc miền "
        "Trung) tại thành phố Tam Kỳ, tỉnh Quảng Nam.",
        "Dự chỉ đạo Hội nghị có đồng chí Lê Viết Tân, UVBTV, Phó Chủ tịch UBND tỉnh Quảng Nam, đồng chí Nguyễn Đồng Trung, Phó Cục "
        "trưởng Cục Ngoại vụ - Bộ Ngoại giao.",
        "Hội nghị bình xét đơn vị xuất sắc, tiêu biểu, dẫn đầu trong Cụm Thi đua số 3 đề nghị Bộ Ngoại giao tặng Cờ thi đua; bầu "
        "Sở Ngoại vụ tỉnh Quảng Bình làm đơn vị Cụm trưởng và Sở Ngoại vụ tỉnh Quảng Ngãi làm Cụm phó Cụm Thi đua số 3 năm 2023.",
        "Bà Nguyễn Thị Hương Giang, thay mặt đơn vị Cụm trưởng năm 2023, phát động phong trào thi đua năm 2023 với các nội dung: "
        "thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; thực hiện tốt các nhiệm vụ chuyên môn; xây "
        "dựng đơn vị vững mạnh, cơ quan văn hóa; thực hiện tốt các nhiệm vụ về thi đua, khen thưởng.",
    ) + _without_opening(drafted)
    _publish_at(writer, post, dt.datetime(2022, 12, 17, 8, 31, tzinfo=VN), {
        "title": "Hội nghị tổng kết thi đua, khen thưởng Cụm thi đua số 3, Bộ Ngoại giao",
        "summary": "Ngày 16/12/2022, tại thành phố Tam Kỳ, tỉnh Quảng Nam, Cụm Thi đua số 3, Bộ Ngoại giao tổ chức Hội nghị tổng kết "
                   "công tác thi đua, khen thưởng năm 2022; 9 đơn vị ký Giao ước thi đua năm 2023.",
        "body": body,
    })
    return ["channel: Cụm thi đua số 3 — Kế hoạch 91/KH-CTĐ (23/11/2022), tin Hội nghị tổng kết 2022 (đăng 8:31 17/12/2022, "
            "nêu kế hoạch và Giao ước thi đua năm 2023)"]


@transaction.atomic
def load_channel_demo() -> list[str]:
    return [*_cluster_ii_2017(), *_cluster_3_2022()]
