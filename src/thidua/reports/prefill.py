"""The first draft of the summary report, its sections written from the year's facts through
the existing selectors: the members and roles, the launch and its items, the covenant and
its signatures, the registrations, the mid-year review, the self-assessments sent, the
ranking and the conference's results. The drafter edits every section freely after.
Facts not recorded in ThiDua are left as "……" for the drafter, never invented."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.cycle.models import Registration
from thidua.cycle.phases import reached
from thidua.cycle.selectors import covenant_progress, launch_of, members_of
from thidua.org.models import ClusterYear, Phase, Role

BLANK = "……"

# (key, title) in the report's order: the API's section keys
SECTIONS: list[tuple[str, str]] = [
    ("dac-diem", "I. ĐẶC ĐIỂM TÌNH HÌNH"),
    ("phat-dong", "II.1. Công tác phát động, ký kết giao ước và đăng ký thi đua"),
    ("so-ket", "II.2. Sơ kết 6 tháng"),
    ("ket-qua", "II.3. Kết quả thực hiện các nội dung thi đua"),
    ("cham-diem", "II.4. Công tác chấm điểm, bình xét"),
    ("danh-gia", "III. ĐÁNH GIÁ CHUNG"),
    ("phuong-huong", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM SAU"),
    ("kien-nghi", "V. ĐỀ XUẤT, KIẾN NGHỊ"),
]
KEYS = [key for key, _title in SECTIONS]


def _two(n: int) -> str:
    return f"{n:02d}" if n else "0"


def _roles(cluster_year: ClusterYear) -> tuple[list, str]:
    members = members_of(cluster_year)
    names = {Role.LEADER: [], Role.DEPUTY1: [], Role.DEPUTY2: []}
    for m in members:
        if m.role in names:
            names[m.role].append(m.unit.name)
    parts = []
    if names[Role.LEADER]:
        parts.append(_("đơn vị Cụm trưởng: {u}").format(u=", ".join(names[Role.LEADER])))
    deputies = names[Role.DEPUTY1] + names[Role.DEPUTY2]
    if deputies:
        parts.append(_("đơn vị Cụm phó: {u}").format(u=", ".join(deputies)))
    return members, "; ".join(parts)


def _launch(cluster_year: ClusterYear, members: list) -> str:
    year = cluster_year.year
    lines = []
    launch = launch_of(cluster_year)
    if launch is not None and launch.published_at:
        lines.append(_("Phong trào thi đua năm {year} được phát động với {n} nội dung:").format(year=year, n=_two(len(launch.items))))
        lines += [f"- {item}" for item in launch.items]
    else:
        lines.append(_("Nội dung phát động phong trào thi đua năm {year}: {blank}").format(year=year, blank=BLANK))
    progress = covenant_progress(cluster_year)
    signed = sum(1 for _m, s in progress.rows if s is not None)
    lines.append(_("{signed}/{total} đơn vị đã ký giao ước thi đua năm {year}.").format(
        signed=_two(signed), total=_two(len(members)), year=year))
    registered = Registration.objects.filter(cluster_year=cluster_year).count()
    lines.append(_("{n}/{total} đơn vị đã đăng ký danh hiệu, hình thức khen thưởng.").format(n=_two(registered), total=_two(len(members))))
    return "\n".join(lines)


def _mid_year(cluster_year: ClusterYear) -> str:
    from .models import MidYearReview

    review = MidYearReview.objects.filter(cluster_year=cluster_year).select_related("host").first()
    if review is None:
        return _("Chưa có biên bản sơ kết 6 tháng trên ThiDua. {blank}").format(blank=BLANK)
    lines = [_("Ngày {day}, tại {place}, {host} chủ trì hội nghị sơ kết 6 tháng đầu năm; {n} đơn vị dự họp.").format(
        day=review.date.strftime("%d/%m/%Y"), place=review.place, host=review.host.name, n=_two(review.present.count()))]
    if review.conclusions:
        lines.append(_("Kết luận: {text}").format(text=review.conclusions))
    amendments = review.amendments.count()
    if amendments:
        lines.append(_("Hội nghị sơ kết đã sửa đổi bảng tiêu chí chấm điểm ({n} lần).").format(n=_two(amendments)))
    return "\n".join(lines)


def _scoring(cluster_year: ClusterYear) -> str:
    from thidua.scoring.arithmetic import format_points
    from thidua.scoring.selectors import ranking
    from thidua.voting.models import Poll

    lines = []
    if reached(cluster_year, Phase.RANKING):
        ranked = [line for line in ranking(cluster_year).lines if line.rank is not None]
        if ranked:
            lines.append(_("Kết quả chấm điểm, xếp hạng các đơn vị:"))
            for line in ranked:
                lines.append(f"{line.rank}. {line.unit.name}: {format_points(line.total.quantize(Decimal('0.01')))} {_('điểm')}")
    if not lines:
        lines.append(_("Kết quả chấm điểm, xếp hạng: {blank} (tổng hợp khi có kết quả chấm chéo).").format(blank=BLANK))
    polls = Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.CLOSED).order_by("created_at", "pk")
    from thidua.org.models import Unit

    for poll in polls:
        if poll.elected:
            names = dict(Unit.objects.filter(pk__in=poll.elected).values_list("pk", "name"))
            lines.append(f"{poll.title}: " + ", ".join(names.get(pk, "") for pk in poll.elected) + ".")
    return "\n".join(lines)


def prefill(cluster_year: ClusterYear) -> list[dict]:
    """[{key, title, text}] for the report's first version."""
    members, roles = _roles(cluster_year)
    year, cluster = cluster_year.year, cluster_year.cluster.name
    texts = {
        "dac-diem": _("{cluster} năm {year} gồm {n} đơn vị thành viên: {names}; {roles}.").format(
            cluster=cluster, year=year, n=_two(len(members)), names=", ".join(m.unit.name for m in members), roles=roles),
        "phat-dong": _launch(cluster_year, members),
        "so-ket": _mid_year(cluster_year),
        "ket-qua": _("(Đơn vị soạn thảo tổng hợp từ báo cáo của các đơn vị thành viên.) {blank}").format(blank=BLANK),
        "cham-diem": _scoring(cluster_year),
        "danh-gia": _("1. Ưu điểm: {blank}\n2. Tồn tại, hạn chế và nguyên nhân: {blank}").format(blank=BLANK),
        "phuong-huong": _("Phương hướng, nhiệm vụ năm {next}: {blank}").format(next=year + 1, blank=BLANK),
        "kien-nghi": BLANK,
    }
    titles = dict(SECTIONS)
    titles["phuong-huong"] = _("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {next}").format(next=year + 1)
    return [{"key": key, "title": titles[key], "text": texts[key]} for key in KEYS]
