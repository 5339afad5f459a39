"""The organizer's award decision (Quyết định) in the Decree 30 layout, generated from a
recorded Decision for signature: the issuer is the organizer (the Ministry), the "Căn cứ …"
lines come from the legal basis the catalogue gives for the year evaluated, then
"QUYẾT ĐỊNH:", one article per award kind, the entry into force and who executes it, the
"Nơi nhận:" and the annexed list (Danh sách) of the units and their awards."""

from __future__ import annotations

import re

from thidua.core.http import FileName, export_name
from thidua.cycle.awards import award_kinds_by_code
from thidua.documents.document import (
    Document,
    DocumentNumber,
    Issuer,
    Paragraph,
    Recipients,
    SectionBreak,
    Signature,
    Table,
    article,
    authority_title,
    decides_line,
    format_date_vi,
    legal_basis,
)
from thidua.org.models import Cluster, Organizer

from .models import Decision

HEAD_OF = {Organizer.Kind.MINISTRY: "BỘ TRƯỞNG", Organizer.Kind.PROVINCE: "CHỦ TỊCH ỦY BAN NHÂN DÂN"}
UNKNOWN_PLACE = "……"


def _number(decision: Decision, symbol: str) -> DocumentNumber:
    """ "15/QĐ-BNG" read into its parts; a number written otherwise (an old register's "MH-01")
    leaves the number blank for the clerk."""
    match = re.fullmatch(r"\s*0*(\d+)\s*/\s*QĐ\s*-\s*(\S+)\s*", decision.number)
    if match and int(match.group(1)) > 0:
        return DocumentNumber(int(match.group(1)), "QĐ", match.group(2).replace("/", "-"))
    return DocumentNumber(None, "QĐ", symbol)


def _bases(codes: list[str], year: int) -> list[str]:
    """The laws, decrees and circulars the awards' legal basis cites for the year, each once."""
    kinds = award_kinds_by_code()
    seen: list[str] = []
    for code in codes:
        basis = kinds[code].basis_for(year) if code in kinds else None
        for part in basis.text.split(";") if basis else []:
            text = re.sub(r"^Điều \d+\s+", "", part.strip())
            if text and text not in seen:
                seen.append(text)
    return seen


def _signature(signer: str, head: str) -> Signature:
    """ "Thứ trưởng Nguyễn Văn A" signs "KT. BỘ TRƯỞNG / THỨ TRƯỞNG"; the head signs in
    their own title."""
    text = " ".join(signer.split())
    match = re.match(r"(?i)^(thứ trưởng|phó chủ tịch)\b[\s,:-]*(.*)$", text)
    if match:
        deputy = match.group(1).upper()
        rest = match.group(2).strip()
        name = "" if re.match(r"(?i)(bộ|ủy ban|ubnd)\b", rest) else rest  # "Thứ trưởng Bộ Ngoại giao": no name given
        return Signature(authority=[f"KT. {head}", deputy], signer=name)
    return Signature(authority=[head], signer=text)


def decision_document(decision: Decision) -> Document:
    organizer = decision.organizer
    awards = list(decision.awards.select_related("unit").order_by("award", "unit__name"))
    kinds = award_kinds_by_code()
    codes = list(dict.fromkeys(a.award for a in awards))
    head = HEAD_OF.get(organizer.kind, "THỦ TRƯỞNG")
    symbol = organizer.symbol.replace(" ", "") or "QĐ"
    clusters = list(
        Cluster.objects.filter(years__year=decision.year, years__memberships__unit__in=[a.unit_id for a in awards], organizer=organizer)
        .distinct()
        .order_by("number")
    )
    office = organizer.office_name.strip()
    # "Văn phòng Bộ" is headed by its Chánh Văn phòng; another office by its head
    head_of_office = (
        f"Chánh {office}" if office.startswith("Văn phòng") else f"Chánh Văn phòng, {office or 'Trưởng bộ phận thi đua - khen thưởng'}"
    )
    proposer = f"Chánh {office}" if office.startswith("Văn phòng") else (office or "Trưởng bộ phận thi đua - khen thưởng")
    body = [authority_title(f"{head} {organizer.name}")]
    body += [legal_basis(f"Căn cứ {text};") for text in _bases(codes, decision.year)]
    if organizer.kind == Organizer.Kind.MINISTRY:
        body.append(legal_basis(f"Căn cứ Nghị định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {organizer.name};"))
    if clusters:
        body.append(legal_basis(f"Căn cứ Quy chế hoạt động của {', '.join(c.name for c in clusters)};"))
    proposers = ", ".join(c.name for c in clusters) or "các đơn vị"
    body.append(legal_basis(f"Xét đề nghị của {proposers} và của {proposer}."))
    body.append(decides_line())
    n = 0
    for code in codes:
        n += 1
        count = sum(1 for a in awards if a.award == code)
        name = kinds[code].name if code in kinds else code
        body += article(
            n,
            f"Tặng {name} cho {count:02d} tập thể đã có thành tích xuất sắc trong phong trào thi đua năm {decision.year} "
            "(có danh sách kèm theo).",
        )
    body += article(n + 1, "Quyết định này có hiệu lực kể từ ngày ký.")
    body += article(n + 2, f"{head_of_office}, thủ trưởng các đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    number = _number(decision, symbol)
    subject = "Về việc tặng " + ", ".join(kinds[c].name if c in kinds else c for c in codes) + f" năm {decision.year}"
    annex = [
        SectionBreak(),
        Paragraph("DANH SÁCH", align="center", first_line_indent=False, bold=True, keep_with_next=True),
        Paragraph(f"Các tập thể được tặng thưởng năm {decision.year}", align="center", first_line_indent=False, bold=True),
        Paragraph(
            f"(Kèm theo Quyết định số {decision.number} {format_date_vi(decision.date)} của {head.capitalize()} {organizer.name})",
            align="center",
            first_line_indent=False,
            italic=True,
        ),
        Table(
            header=["TT", "Tên tập thể", "Hình thức khen thưởng"],
            rows=[[str(i), a.unit.name, kinds[a.award].name if a.award in kinds else a.award] for i, a in enumerate(awards, start=1)],
            widths_mm=[12, 93, 60],
            align=["center", "left", "left"],
        ),
    ]
    return Document(
        issuer=Issuer(issuing_body=organizer.name, symbol=symbol),
        number=number,
        place="Hà Nội" if organizer.kind == Organizer.Kind.MINISTRY else UNKNOWN_PLACE,
        date=decision.date,
        subject=subject,
        body=body,
        signatures=[_signature(decision.signer, head)],
        recipients=Recipients(to=[f"Như Điều {n + 2}", "Các đơn vị có tên tại Điều 1"], archive=["VT", "TĐKT"]),
        annex=annex,
        draft=False,
        dated=True,
    )


def decision_filename(decision: Decision) -> FileName:
    return export_name(decision.organizer.symbol, decision.year, "Quyet-dinh", decision.number, ext="docx")
