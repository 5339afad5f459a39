"""News drafted from the year's results: after the conference, an article like the seeds —
where and when, who attended, the guests, the results of the vote, the next leader and
deputies, the covenant of the next year — from the conference, its polls and the years'
records, as a draft for an officer to edit and publish."""

from __future__ import annotations

import html

from django.utils.translation import gettext as _

from thidua.core.errors import Conflict
from thidua.core.permissions import require
from thidua.cycle.phases import reached
from thidua.org.models import ClusterYear, Membership, Phase, Role
from thidua.org.selectors import in_role_order

from . import services
from .models import Post


def _names(units) -> str:
    return ", ".join(u.name for u in units)


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def facts(cluster_year: ClusterYear) -> dict:
    """What the article tells, read from the records (empty where nothing was recorded)."""
    from thidua.cycle.models import ConferencePlan, Covenant
    from thidua.voting.models import Conference, Poll
    from thidua.voting.selectors import present_ids

    members = in_role_order(Membership.objects.filter(cluster_year=cluster_year).select_related("unit"))
    units = {m.unit_id: m.unit for m in members}
    conference = Conference.objects.filter(cluster_year=cluster_year).select_related("host_unit").first()
    present = present_ids(cluster_year) if conference else []
    polls = list(Poll.objects.filter(cluster_year=cluster_year, state=Poll.State.CLOSED, parent__isnull=True).order_by("pk"))
    results = []
    for poll in polls:
        elected = [units[u] for u in poll.elected if u in units]
        if elected:
            results.append((poll.kind, poll.get_kind_display(), elected))
    next_year = ClusterYear.objects.filter(cluster_id=cluster_year.cluster_id, year=cluster_year.year + 1).first()
    next_roles = []
    covenant_signed = 0
    covenant_members = 0
    if next_year is not None:
        next_roles = [m for m in in_role_order(next_year.memberships.select_related("unit")) if m.role != Role.MEMBER]
        covenant = Covenant.objects.filter(cluster_year=next_year).first()
        covenant_members = next_year.member_count
        covenant_signed = covenant.signatures.count() if covenant else 0
    plan = ConferencePlan.objects.filter(cluster_year=cluster_year).select_related("issued_document", "issuer_unit").first()
    return {
        "members": [m.unit for m in members], "conference": conference, "present": [units[i] for i in present if i in units],
        "results": results, "next_year": next_year, "next_roles": next_roles, "covenant_signed": covenant_signed,
        "covenant_members": covenant_members, "plan": plan,
    }


def article(cluster_year: ClusterYear) -> tuple[str, str, str]:
    """(title, summary, body HTML) of the draft."""
    cluster, year = cluster_year.cluster, cluster_year.year
    f = facts(cluster_year)
    conference = f["conference"]
    title = _("Hội nghị tổng kết công tác thi đua, khen thưởng năm {year} {cluster}").format(year=year, cluster=cluster.name)
    when = ""
    if conference and conference.date:
        when = _date(conference.date) if not conference.end_date else f"{_date(conference.date)} – {_date(conference.end_date)}"
    place = conference.place if conference else ""
    summary = " ".join(
        p for p in [
            _("Ngày {when},").format(when=when) if when else "",
            _("tại {place},").format(place=place) if place else "",
            _("{cluster} tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {year}.").format(cluster=cluster.name, year=year),
        ] if p
    )
    summary = summary[0].upper() + summary[1:]
    paras: list[str] = [html.escape(summary)]
    # The article goes to the public portal: the plan and the covenant are named, as the
    # seeds name them, never linked to the members' pages (a reader would meet a sign-in).
    if f["plan"]:
        plan = f["plan"]
        paras.append(html.escape(
            _("Hội nghị được tổ chức theo {plan} ngày {date} của {unit}.").format(
                plan=_("Kế hoạch số {n}").format(n=plan.issued_document.document_number), date=_date(plan.date),
                unit=plan.issuer_unit.name,
            )
        ))  # fmt: skip
    attended = f["present"] or f["members"]
    if attended:
        paras.append(html.escape(_("Tham dự Hội nghị có {n} đơn vị thành viên: {units}.").format(n=len(attended), units=_names(attended))))
    if conference and conference.guests:
        paras.append(html.escape(_("Dự và chỉ đạo Hội nghị có: {guests}.").format(guests="; ".join(conference.guests))))
    for kind, label, elected in f["results"]:
        if kind == "flag":
            text = _("Hội nghị đã bình xét, suy tôn đề nghị tặng Cờ thi đua cho: {units}.")
        elif kind == "merit":
            text = _("Hội nghị đề nghị tặng Bằng khen cho: {units}.")
        elif kind == "leader":
            text = _("Hội nghị đã bầu {units} làm đơn vị Cụm trưởng năm {next}.")
        elif kind == "deputy":
            text = _("Các đơn vị Cụm phó năm {next}: {units}.")
        else:
            text = label + ": {units}."
        paras.append(html.escape(text.format(units=_names(elected), next=year + 1)))
    if not any(k in ("leader", "deputy") for k, _l, _e in f["results"]) and f["next_roles"]:
        roles = "; ".join(f"{m.get_role_display()}: {m.unit.name}" for m in f["next_roles"])
        paras.append(html.escape(_("Các đơn vị Cụm trưởng, Cụm phó năm {next}: {roles}.").format(next=year + 1, roles=roles)))
    if f["covenant_signed"]:
        paras.append(html.escape(
            _("{signed}/{members} đơn vị đã ký {covenant}.").format(
                signed=f["covenant_signed"], members=f["covenant_members"], covenant=_("Giao ước thi đua năm {next}").format(next=year + 1),
            )
        ))  # fmt: skip
    return title, summary, "".join(f"<p>{p}</p>" for p in paras)


def news_draft_from_results(*, actor, cluster_year: ClusterYear) -> Post:
    """The draft article of the year's conference (after it), for an officer to edit."""
    message = _("Chỉ cán bộ các đơn vị thành viên của cụm và cơ quan tổ chức được viết bài.")
    require(actor, "channel.write_post", cluster_year.cluster, message)
    if not reached(cluster_year, Phase.PROPOSALS):
        raise Conflict(_("Chỉ soạn được tin từ kết quả sau khi Hội nghị tổng kết năm {year} kết thúc.").format(year=cluster_year.year))
    title, summary, body = article(cluster_year)
    return services.post_create(
        actor=actor, cluster=cluster_year.cluster, cluster_year=cluster_year, from_results=True,
        data={"kind": Post.Kind.NEWS, "title": title, "summary": summary, "body": body,
              "tags": [_("Hội nghị tổng kết"), str(cluster_year.year)]},
    )
