"""The dossier's documents (Decree 30 layout, unnumbered drafts for the leader unit's văn
thư, decision 0019): the Tờ trình to the organizer listing each proposed unit with its votes
and share, the Danh sách of the proposed units — both voting's builders, from the year's
closed polls — and each proposed unit's achievement report from what the unit wrote. The
dossier lists too the conference minutes and the vote-counting minutes of its polls, served
by voting's own pages.

The list is built from `PARTS` (functions of the dossier → entries), so that another
document (the summary report, issue 12) is one more line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from thidua.documents.document import Document, Heading, Paragraph
from thidua.org.models import ClusterYear

from .models import AchievementReport, Dossier
from .reports import templates


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    docx: str
    pdf: str
    preview: str = ""
    unit: int | None = None


def _own_urls(cluster_year: ClusterYear, kind: str, unit_id: int | None = None) -> dict:
    args = [cluster_year.cluster_id, cluster_year.year, kind]
    query = f"?don-vi={unit_id}" if unit_id else ""
    return {fmt: reverse(f"awards_dossier_document_{fmt}", args=args) + query for fmt in ("docx", "pdf", "preview")}


# --- the achievement report ------------------------------------------------------------------------
def report_document(report: AchievementReport) -> Document:
    """voting's achievement report (header, the head's signature, the superior's
    confirmation), its body the sections the unit wrote."""
    from thidua.cycle.numbered import numbered_of, with_issued_number
    from thidua.voting.documents_more import achievement_report_document

    cluster_year = report.dossier.cluster_year
    # with the number the unit's văn thư gave it on the conference page, if any
    base = with_issued_number(achievement_report_document(cluster_year, report.unit),
                              numbered_of(cluster_year, "bao-cao-thanh-tich", str(report.unit_id)))
    form = next((t.form for t in templates() if t.key == report.template), "")
    body: list = [Paragraph(f"({form})", align="center", first_line_indent=False, italic=True)] if form else []
    for section in report.sections:
        body.append(Heading(section["title"]))
        body += [Paragraph(line) for line in (section.get("text") or "……").split("\n") if line.strip()] or [Paragraph("……")]
    return dataclasses.replace(base, body=body)


def _submission(cluster_year: ClusterYear) -> Document:
    from thidua.voting.documents_more import submission_document

    return submission_document(cluster_year)


def _list(cluster_year: ClusterYear) -> Document:
    from thidua.voting.documents_more import list_document

    return list_document(cluster_year)


#: the documents this app builds for the year: kind → (title, builder)
YEAR_DOCUMENTS: dict[str, tuple[str, Callable[[ClusterYear], Document]]] = {
    "to-trinh": ("Tờ trình đề nghị khen thưởng", _submission),
    "danh-sach": ("Danh sách các đơn vị đề nghị khen thưởng", _list),
}
REPORT_KIND, REPORT_TITLE = "bao-cao-thanh-tich", "Báo cáo thành tích"


# --- the dossier's list --------------------------------------------------------------------------------
def _year_entries(dossier: Dossier) -> list[Entry]:
    cy = dossier.cluster_year
    return [Entry(kind, title, **_own_urls(cy, kind)) for kind, (title, _build) in YEAR_DOCUMENTS.items()]


def _minutes_entries(dossier: Dossier) -> list[Entry]:
    """voting's conference minutes and the counting minutes of the nomination polls."""
    cy = dossier.cluster_year
    args = [cy.cluster_id, cy.year]
    entries = [Entry("bien-ban-hoi-nghi", "Biên bản hội nghị tổng kết", reverse("voting_minutes_docx", args=args),
                     reverse("voting_minutes_pdf", args=args), reverse("voting_minutes_preview", args=args))]  # fmt: skip
    polls = []
    for p in dossier.proposals:
        if p["poll"] not in polls:
            polls.append(p["poll"])
    for poll_id in polls:
        entries.append(Entry(f"bien-ban-kiem-phieu-{poll_id}", "Biên bản kiểm phiếu " + _poll_award(dossier, poll_id),
                             reverse("voting_counting_docx", args=[poll_id]), reverse("voting_counting_pdf", args=[poll_id]),
                             reverse("voting_counting_preview", args=[poll_id])))  # fmt: skip
    return entries


def _poll_award(dossier: Dossier, poll_id: int) -> str:
    from .presenters import award_name

    code = next(p["award"] for p in dossier.proposals if p["poll"] == poll_id)
    return f"({award_name(code)})"


def _report_entries(dossier: Dossier) -> list[Entry]:
    cy = dossier.cluster_year
    names = {p["unit"]: p["unit_name"] for p in dossier.proposals}
    return [Entry(REPORT_KIND, f"{REPORT_TITLE} — {names[u]}", unit=u, **_own_urls(cy, REPORT_KIND, u)) for u in names]


def _summary_report_entries(dossier: Dossier) -> list[Entry]:
    """The year's summary report as the conference adopted it (thidua.reports), if it did."""
    from thidua.reports.models import ReportVersion

    cy = dossier.cluster_year
    version = (
        ReportVersion.objects.filter(report__cluster_year=cy, state=ReportVersion.State.ADOPTED).only("number").first()
    )
    if version is None:
        return []
    args = [cy.cluster_id, cy.year, version.number]
    return [Entry("bao-cao-tong-ket", "Báo cáo tổng kết (bản hội nghị thông qua)",
                  reverse("reports_version_document", args=[*args, "docx"]),
                  reverse("reports_version_document", args=[*args, "pdf"]),
                  reverse("reports_version_document", args=[*args, "xem-truoc"]))]  # fmt: skip


#: the dossier's documents, in the order the leader sends them
PARTS: list[Callable[[Dossier], list[Entry]]] = [_year_entries, _minutes_entries, _summary_report_entries, _report_entries]


def dossier_documents(dossier: Dossier) -> list[Entry]:
    return [entry for part in PARTS for entry in part(dossier)]
