"""The scoring pages: the criteria table editor, self-assessment with evidence, the
scorer's view and cross-scoring form with the query threads, progress, the ranking with
its chart and .xlsx export, and a unit's totals over the years.

Thin: parse the request, call a selector or a service, render. A year the user may not
see is 404; a page the user may not open is 403; a refusal of the phase or the state is
shown with 409; invalid input re-renders the form with every message (400) and saves
nothing. Evidence files are only ever served by `evidence_download`, after a
permission check."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import forbidden
from thidua.cycle import selectors as cycle_selectors
from thidua.cycle.phases import phase_allows
from thidua.org.models import ClusterYear, Phase, Unit
from thidua.org.selectors import clusters_for, unit_detail

from . import arithmetic, evidence, exports, selectors, services, table_io
from .models import Criterion, ScoreSheet
from .rules import SheetRef, can

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TABLE_UPLOAD = 5 * 1024 * 1024


# --- helpers --------------------------------------------------------------------------------------
def _year(request, pk: int, year: int) -> ClusterYear:
    """The year if the user may see its cluster (404 otherwise, never 403)."""
    cluster_year = cycle_selectors.cluster_year_for(request.user, pk, year)
    if cluster_year is None:
        raise Http404(_("Không tìm thấy năm thi đua."))
    return cluster_year


def _unit(cluster_year: ClusterYear, unit_id) -> Unit:
    unit = selectors.member_unit(cluster_year, unit_id)
    if unit is None:
        raise Http404(_("Đơn vị không phải là thành viên của cụm năm này."))
    return unit


def _refused(request, cluster_year: ClusterYear, message, status: int = 409, back: str | None = None) -> HttpResponse:
    context = _context(request, cluster_year, _("Không thực hiện được"), "")
    context |= {"message": message, "back": back}
    return render(request, "scoring/refused.html", context, status=status)


def _url(name: str, cluster_year: ClusterYear, *args) -> str:
    return reverse(name, args=[cluster_year.cluster_id, cluster_year.year, *args])


def _context(request, cluster_year: ClusterYear, page_title, active: str) -> dict:
    order = Phase.order()
    current = order.index(cluster_year.phase)

    def reached(phase) -> bool:
        return current >= order.index(phase)

    nav = [
        ("criteria", _("Bảng tiêu chí"), _url("scoring_criteria", cluster_year), True),
        ("self", _("Tự chấm điểm"), _url("scoring_self_home", cluster_year), reached(Phase.SELF_ASSESSMENT)),
        ("cross", _("Chấm chéo"), _url("scoring_cross_home", cluster_year), reached(Phase.CROSS_SCORING)),
        ("ranking", _("Xếp hạng"), _url("scoring_ranking", cluster_year), reached(Phase.RANKING)),
    ]
    return {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "page_title": page_title,
        "active": active, "scoring_nav": nav,
    }  # fmt: skip


def _messages_of(exc: DomainError) -> list[str]:
    return [str(m) for messages_ in exc.errors.values() for m in (messages_ if isinstance(messages_, list | tuple) else [messages_])]


def _fragment_status(exc: DomainError) -> int:
    """The status of an HTMX fragment that carries a refusal: 422 for invalid input (the
    fragment shows the message in place; 400 would make django-htmx's debug script replace
    the whole page in development), the error's own status otherwise."""
    return 422 if isinstance(exc, InvalidInput) else exc.status


def _back(request, default: str) -> str:
    """Where to go after a POST: the page it came from when it is ours, else `default`."""
    target = request.POST.get("next") or ""
    return target if target.startswith("/cum/") and "//" not in target else default


# --- the criteria table ----------------------------------------------------------------------------------
_GROUP_FIELD = re.compile(r"^g-(\d+)-(code|title|max|professional)$")
_CRITERION_FIELD = re.compile(r"^c-(\d+)-(\d+)-(code|title|kind|max|evidence|guidance)$")


def _table_from_post(post) -> dict:
    """The editor's fields (g-<i>-…, c-<i>-<j>-…) as the API's table shape. Rows left
    entirely empty are dropped; everything else is checked by table_io."""
    groups: dict[int, dict] = {}
    criteria: dict[int, dict[int, dict]] = {}
    for name in post:
        if m := _GROUP_FIELD.match(name):
            groups.setdefault(int(m[1]), {})[m[2]] = post.get(name, "")
        elif m := _CRITERION_FIELD.match(name):
            criteria.setdefault(int(m[1]), {}).setdefault(int(m[2]), {})[m[3]] = post.get(name, "")
    result = []
    for i in sorted(set(groups) | set(criteria)):
        g = groups.get(i, {})
        rows = []
        for j in sorted(criteria.get(i, {})):
            c = criteria[i][j]
            if not any((c.get(k) or "").strip() for k in ("code", "title", "max", "guidance")):
                continue
            rows.append({
                "code": (c.get("code") or "").strip(), "title": (c.get("title") or "").strip(), "kind": c.get("kind") or "points",
                "max_points": (c.get("max") or "").strip(), "evidence": c.get("evidence") == "on",
                "guidance": (c.get("guidance") or "").strip(),
            })  # fmt: skip
        if not rows and not any((g.get(k) or "").strip() for k in ("code", "title", "max")):
            continue
        result.append({
            "code": (g.get("code") or "").strip(), "title": (g.get("title") or "").strip(), "max_points": (g.get("max") or "").strip(),
            "professional": g.get("professional") == "on", "criteria": rows,
        })  # fmt: skip
    return {"groups": result}


def _draft_from_table(table) -> list[dict]:
    if table is None:
        return []
    return [
        {
            "code": g.code, "title": g.title, "max_points": arithmetic.format_points(g.max_points).replace(",", "."),
            "professional": g.professional,
            "criteria": [
                {"code": c.code, "title": c.title, "kind": c.kind, "max_points": arithmetic.format_points(c.max_points).replace(",", "."),
                 "evidence": c.evidence, "guidance": c.guidance}
                for c in criteria
            ],
        }
        for g, criteria in selectors.grouped_criteria(table)
    ]  # fmt: skip


def _tree(table) -> list[dict]:
    """The table for reading: groups with their criteria and a few derived labels."""
    if table is None:
        return []
    spec = selectors.table_spec(table)
    specs = {g.code: g for g in spec.groups}
    return [
        {"group": g, "criteria": criteria, "is_penalty": specs[g.code].is_penalty, "is_bonus": specs[g.code].is_bonus,
         "reachable": specs[g.code].reachable_points}
        for g, criteria in selectors.grouped_criteria(table)
    ]  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_criteria", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem bảng tiêu chí."))
    can_edit = can(user, "scoring.edit_criteria", cluster_year)
    table = selectors.table_for(cluster_year)
    status, errors, import_errors, draft = 200, [], [], None
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí."))
        action = request.POST.get("action")
        try:
            if action == "sample":
                services.criteria_table_import_sample(actor=user, cluster_year=cluster_year)
                done = _("Đã lập bảng tiêu chí từ bảng mẫu.")
            elif action == "copy":
                services.criteria_table_copy_from_previous(actor=user, cluster_year=cluster_year)
                done = _("Đã chép bảng tiêu chí của năm trước.")
            elif action == "import":
                upload = request.FILES.get("file")
                if upload is None:
                    raise InvalidInput(_("Chưa chọn tệp Excel (.xlsx)."), field="file")
                if upload.size > MAX_TABLE_UPLOAD:
                    raise InvalidInput(_("Tệp Excel quá lớn (tối đa 5 MB)."), field="file")
                services.criteria_table_import_xlsx(actor=user, cluster_year=cluster_year, data=upload.read())
                done = _("Đã nhập bảng tiêu chí từ tệp {name}.").format(name=evidence.clean_name(upload.name))
            else:
                draft = _table_from_post(request.POST)["groups"]
                services.criteria_table_replace(actor=user, cluster_year=cluster_year, data={"groups": draft})
                done = _("Đã lưu bảng tiêu chí.")
        except table_io.TableImportError as exc:
            status = 400
            if action == "import":  # a file: its problems row by row
                import_errors = [{"row": row, "message": message} for row, message in exc.row_errors]
            else:
                errors = [message for _row, message in exc.row_errors]
        except InvalidInput as exc:
            status, errors = 400, _messages_of(exc)
        except (Conflict, Forbidden) as exc:
            status, errors = exc.status, [str(exc.message)]
        else:
            messages.success(request, done)
            return redirect(_url("scoring_criteria", cluster_year))
        table = selectors.table_for(cluster_year)
    editable = can_edit and phase_allows(cluster_year, "edit_criteria") and not (table is not None and table.is_frozen)
    previous = selectors.previous_table(cluster_year) if editable else None
    spec = selectors.table_spec(table) if table is not None else None
    context = _context(request, cluster_year, _("Bảng tiêu chí chấm điểm"), "criteria") | {
        "table": table, "tree": _tree(table), "spec": spec, "can_edit": can_edit, "editable": editable, "previous": previous,
        "draft": draft if draft is not None else _draft_from_table(table), "kinds": Criterion.Kind.choices,
        "errors": errors, "import_errors": import_errors, "edit_open": draft is not None,
    }  # fmt: skip
    return render(request, "scoring/criteria.html", context, status=status)


@login_required
@require_GET
def criteria_export(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    if not can(request.user, "scoring.view_criteria", cluster_year):
        return forbidden(request)
    try:
        data = services.criteria_table_export_xlsx(cluster_year)
    except DomainError:
        raise Http404(_("Năm thi đua chưa có bảng tiêu chí."))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bang-tieu-chi-{cluster_year.cluster_id}-{cluster_year.year}.xlsx"'
    return response


# --- sheets: shared pieces -----------------------------------------------------------------------------------
def _entries_from_post(post, table) -> list[dict]:
    """[{criterion: code, points, note}] from the sheet form (points-<id>, note-<id>)."""
    result = []
    for criterion in table.criteria.all():
        points = post.get(f"points-{criterion.pk}", "")
        note = post.get(f"note-{criterion.pk}", "")
        if (points or "").strip() or (note or "").strip():
            result.append({"criterion": criterion.code, "points": points, "note": note})
    return result


def _input_number(value) -> str:
    """A stored number as an input's value: 7.5, 10 (dot decimal, no useless zeros)."""
    return "" if value is None else arithmetic.format_points(value).replace(",", ".")


def _shown(value) -> str:
    return "—" if value is None else arithmetic.format_points(value)


def _bad_codes(spec, entries: list[dict]) -> set[str]:
    """The codes whose points the arithmetic refuses, to mark those inputs."""
    bad = set()
    for entry in entries:
        points = entry.get("points")
        if isinstance(points, str):
            points = points.strip().replace(",", ".")
        if points in (None, ""):
            if (entry.get("note") or "").strip():
                bad.add(entry["criterion"])
            continue
        try:
            arithmetic.validate_entry(spec.criterion(entry["criterion"]), points)
        except arithmetic.ScoringError:
            bad.add(entry["criterion"])
    return bad


def _rows(table, *, own: list[dict], self_entries: list[dict] | None = None, evidence_by_code=None, queries=None,
          posted: list[dict] | None = None, bad: set[str] | None = None) -> list[dict]:  # fmt: skip
    """One row per group with its criteria: the values shown (posted ones after an error),
    the unit's self-assessment beside (on a scorer's sheet), evidence and queries."""
    values = {e["criterion"]: e for e in (posted if posted is not None else own)}
    selfs = {e["criterion"]: e for e in (self_entries or [])}
    evidence_by_code = evidence_by_code or {}
    queries = queries or {}
    bad = bad or set()
    groups = []
    for g, criteria_ in selectors.grouped_criteria(table):
        rows = []
        for c in criteria_:
            entry = values.get(c.code, {})
            points = entry.get("points")
            rows.append({
                "criterion": c,
                "points": points if isinstance(points, str) else _input_number(points),
                "points_label": "" if points in (None, "") else (points if isinstance(points, str) else arithmetic.format_points(points)),
                "note": entry.get("note", ""),
                "self": selfs.get(c.code),
                "evidence": evidence_by_code.get(c.code, []),
                "queries": queries.get(c.code, []),
                "invalid": c.code in bad,
                "max_label": arithmetic.format_points(c.max_points),
                "max_input": arithmetic.format_points(c.max_points).replace(",", "."),
            })  # fmt: skip
        groups.append({"group": g, "rows": rows, "max_label": arithmetic.format_points(g.max_points)})
    return groups


def _evidence_by_code(sheet: ScoreSheet | None, *, snapshot_only: bool) -> dict[str, list]:
    """{criterion code: [evidence]}: the sheet's files, or for a reader who sees only what
    was submitted, the files the snapshot lists that still exist."""
    if sheet is None:
        return {}
    files = list(sheet.evidence.all())
    if snapshot_only:
        listed = {e["id"] for e in (sheet.snapshot or {}).get("evidence", [])}
        files = [f for f in files if f.pk in listed]
    result: dict[str, list] = {}
    for f in files:
        result.setdefault(f.criterion.code, []).append(f)
    return result


def _totals(spec, entries: list[dict]) -> dict | None:
    if spec is None:
        return None
    values = {e["criterion"]: e["points"] for e in entries}
    try:
        groups = arithmetic.sheet_group_values(spec, values)
        total = arithmetic.sheet_total(spec, values)
    except arithmetic.ScoringError:
        return None
    return {
        "total": arithmetic.format_points(total),
        "groups": [{"group": g, "value": arithmetic.format_points(groups[g.code]), "penalty": g.is_penalty} for g in spec.groups],
        "entered": len(values), "count": len(spec.criteria),
    }  # fmt: skip


# --- self-assessment ---------------------------------------------------------------------------------------------
@login_required
@require_GET
def self_home(request, pk: int, year: int):
    """Every unit's self-assessment state; a member's staff go on to their own sheet."""
    cluster_year = _year(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    rows = selectors.progress(cluster_year)
    own = next((r for r in rows if r.unit.pk == user.unit_id), None)
    oversee = can(user, "scoring.reopen_sheet", cluster_year)
    visible = {r.unit.pk for r in rows} if oversee else ({own.unit.pk} | set(own.to_score) if own else set())
    context = _context(request, cluster_year, _("Tự chấm điểm"), "self") | {
        "rows": rows, "own": own, "visible": visible, "submitted": sum(1 for r in rows if r.self_status == ScoreSheet.Status.SUBMITTED),
        "open": phase_allows(cluster_year, "self_assess"),
    }  # fmt: skip
    return render(request, "scoring/self_home.html", context)


def _self_page(request, cluster_year: ClusterYear, unit: Unit, *, status: int = 200, posted=None, errors=None):
    user = request.user
    ref = SheetRef(cluster_year, unit)
    table = selectors.table_for(cluster_year)
    sheet = selectors.sheet_get(cluster_year, unit, unit)
    own_staff = user.unit_id == unit.pk
    spec = selectors.table_spec(table) if table is not None else None
    can_edit = (
        can(user, "scoring.edit_self_sheet", ref) and phase_allows(cluster_year, "self_assess") and table is not None
        and table.is_frozen and not (sheet and sheet.is_submitted)
    )  # fmt: skip
    data = selectors.sheet_data(sheet, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF, spec=spec, live=own_staff)
    entries = data["entries"]
    queries = selectors.queries_for(sheet)
    insider = own_staff or can(user, "scoring.reopen_sheet", cluster_year)
    rows = _rows(
        table, own=entries, evidence_by_code=_evidence_by_code(sheet, snapshot_only=not insider),
        queries=queries, posted=posted, bad=_bad_codes(spec, posted) if posted is not None and spec else None,
    ) if table is not None else []  # fmt: skip
    context = _context(request, cluster_year, _("Tự chấm điểm — {unit}").format(unit=unit.name), "self") | {
        "unit": unit, "sheet": sheet, "data": data, "table": table, "groups": rows, "can_edit": can_edit,
        "can_reopen": bool(sheet and sheet.is_submitted and can(user, "scoring.reopen_sheet", cluster_year)
                           and phase_allows(cluster_year, "self_assess")),
        "can_answer": can(user, "scoring.answer_query", ref) and phase_allows(cluster_year, "query_score"),
        "totals": _totals(spec, posted if posted is not None else entries), "errors": errors or [],
        "own_staff": own_staff, "accept": evidence.ACCEPT, "max_upload": evidence.max_bytes(),
        "phase_open": phase_allows(cluster_year, "self_assess"), "query_count": sum(len(q) for q in queries.values()),
    }  # fmt: skip
    return render(request, "scoring/self_sheet.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def self_sheet(request, pk: int, year: int, unit_id: int):
    cluster_year = _year(request, pk, year)
    unit = _unit(cluster_year, unit_id)
    if not can(request.user, "scoring.view_self_sheet", SheetRef(cluster_year, unit)):
        return forbidden(request, _("Bạn không được xem bảng tự chấm điểm của đơn vị này."))
    if request.method == "POST":
        table = selectors.table_for(cluster_year)
        if table is None:
            return _refused(request, cluster_year, _("Năm thi đua chưa có bảng tiêu chí."))
        posted = _entries_from_post(request.POST, table)
        try:
            services.self_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, entries=posted)
        except InvalidInput as exc:
            return _self_page(request, cluster_year, unit, status=400, posted=posted, errors=_messages_of(exc))
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except Conflict as exc:
            return _self_page(request, cluster_year, unit, status=409, posted=posted, errors=[str(exc.message)])
        messages.success(request, _("Đã lưu bảng tự chấm điểm (chưa nộp)."))
        return redirect(_url("scoring_self", cluster_year, unit.pk))
    return _self_page(request, cluster_year, unit)


@login_required
@require_POST
def self_submit(request, pk: int, year: int, unit_id: int):
    cluster_year = _year(request, pk, year)
    unit = _unit(cluster_year, unit_id)
    back = _url("scoring_self", cluster_year, unit.pk)
    try:
        services.self_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _refused(request, cluster_year, exc.message, exc.status, back)
    messages.success(request, _("Đã nộp bảng tự chấm điểm. Các đơn vị chấm chéo sẽ thấy bản đã nộp."))
    return redirect(back)


@login_required
@require_POST
def preview(request, pk: int, year: int):
    """The totals of a sheet being typed, without saving anything (HTMX)."""
    cluster_year = _year(request, pk, year)
    if not can(request.user, "scoring.view_criteria", cluster_year):
        return forbidden(request)
    table = selectors.table_for(cluster_year)
    if table is None:
        return HttpResponse("")
    spec = selectors.table_spec(table)
    posted = _entries_from_post(request.POST, table)
    bad = _bad_codes(spec, posted)
    entries = [
        {"criterion": e["criterion"], "points": Decimal(str(e["points"]).strip().replace(",", "."))}
        for e in posted
        if e["criterion"] not in bad and str(e["points"]).strip()
    ]
    return render(request, "scoring/partials/totals.html", {"totals": _totals(spec, entries), "bad": sorted(bad), "live": True})


# --- evidence -------------------------------------------------------------------------------------------------
def _evidence_fragment(request, cluster_year, unit, code: str, *, error: str | None = None, status: int = 200):
    table = selectors.table_for(cluster_year)
    criterion = next((c for c in table.criteria.all() if c.code == code), None) if table else None
    sheet = selectors.sheet_get(cluster_year, unit, unit)
    files = _evidence_by_code(sheet, snapshot_only=False).get(code, [])
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "unit": unit, "criterion": criterion,
        "files": files, "error": error, "can_edit": True, "accept": evidence.ACCEPT,
    }  # fmt: skip
    return render(request, "scoring/partials/evidence_list.html", context, status=status)


@csrf_exempt
@login_required
@require_POST
def evidence_upload(request, pk: int, year: int, unit_id: int):
    """Upload one file. The size limit is applied while the body is read (so a huge
    upload is never stored), then the CSRF check, then the service's checks."""
    limiter = evidence.SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _evidence_upload(request, pk, year, unit_id, limiter)


@csrf_protect
def _evidence_upload(request, pk: int, year: int, unit_id: int, limiter):
    cluster_year = _year(request, pk, year)
    unit = _unit(cluster_year, unit_id)
    code = request.POST.get("criterion", "")
    back = _url("scoring_self", cluster_year, unit.pk)
    try:
        if limiter.too_big:
            # The permission and the phase first, so that the refusal says the right thing.
            if not can(request.user, "scoring.edit_self_sheet", SheetRef(cluster_year, unit)):
                raise Forbidden(_("Chỉ cán bộ thi đua của đơn vị được tải minh chứng lên."))
            raise InvalidInput(evidence.too_big_message(), field="file")
        services.evidence_upload(
            actor=request.user, cluster_year=cluster_year, unit=unit, criterion_code=code, uploaded=request.FILES.get("file")
        )
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        if request.htmx:
            return _evidence_fragment(request, cluster_year, unit, code, error=" ".join(_messages_of(exc)), status=_fragment_status(exc))
        return _refused(request, cluster_year, " ".join(_messages_of(exc)), exc.status, back)
    if request.htmx:
        return _evidence_fragment(request, cluster_year, unit, code)
    messages.success(request, _("Đã tải minh chứng lên."))
    return redirect(back)


@login_required
@require_POST
def evidence_delete(request, pk: int, year: int, evidence_id: int):
    cluster_year = _year(request, pk, year)
    item = selectors.evidence_get(cluster_year, evidence_id)
    if item is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    unit, code = item.sheet.unit, item.criterion.code
    back = _url("scoring_self", cluster_year, unit.pk)
    try:
        services.evidence_delete(actor=request.user, evidence=item)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _refused(request, cluster_year, exc.message, exc.status, back)
    if request.htmx:
        return _evidence_fragment(request, cluster_year, unit, code)
    messages.success(request, _("Đã xóa minh chứng."))
    return redirect(back)


@login_required
@require_GET
def evidence_download(request, pk: int, year: int, evidence_id: int):
    """The file, as an attachment, to whoever may see the unit's self-assessment: the unit
    itself, the secretariat and the organizer; the units that score it once the sheet was
    submitted with that file. Others: 403; outside the cluster: 404."""
    cluster_year = _year(request, pk, year)
    item = selectors.evidence_get(cluster_year, evidence_id)
    if item is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    user, sheet = request.user, item.sheet
    if not can(user, "scoring.view_progress", cluster_year):  # neither a member of the year nor its organizer
        raise Http404(_("Không tìm thấy minh chứng."))
    ref = SheetRef(cluster_year, sheet.unit)
    if not can(user, "scoring.view_self_sheet", ref):
        return forbidden(request, _("Bạn không được xem minh chứng của đơn vị này."))
    insider = user.unit_id == sheet.unit_id or can(user, "scoring.reopen_sheet", cluster_year)
    submitted_ids = {e["id"] for e in (sheet.snapshot or {}).get("evidence", [])}
    if not insider and item.pk not in submitted_ids:
        return forbidden(request, _("Minh chứng này chưa được nộp cùng bảng tự chấm điểm."))
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Không tìm thấy tệp minh chứng."))
    # Named and typed by the detected content, whatever name it was uploaded under.
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.download_name(item.original_name, item.file_type),
        content_type=evidence.CONTENT_TYPES[item.file_type],
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- reopening ---------------------------------------------------------------------------------------------------
@login_required
@require_POST
def sheet_reopen(request, pk: int, year: int, sheet_id: int):
    cluster_year = _year(request, pk, year)
    sheet = selectors.sheet_by_id(sheet_id)
    if sheet is None or sheet.cluster_year_id != cluster_year.pk:
        raise Http404(_("Không tìm thấy phiếu chấm."))
    if sheet.kind == ScoreSheet.Kind.SELF:
        default = _url("scoring_self", cluster_year, sheet.unit_id)
    else:
        default = _url("scoring_cross_home", cluster_year)
    back = _back(request, default)
    try:
        services.sheet_reopen(actor=request.user, sheet=sheet, reason=request.POST.get("reason", ""))
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _refused(request, cluster_year, " ".join(_messages_of(exc)), exc.status, back)
    messages.success(request, _("Đã mở lại phiếu chấm; đơn vị có thể sửa và nộp lại."))
    return redirect(back)


# --- cross-scoring -------------------------------------------------------------------------------------------------
@login_required
@require_GET
def cross_home(request, pk: int, year: int):
    """A scorer unit's list of units to score; the progress of every sheet for the
    secretariat and the organizer."""
    cluster_year = _year(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem trang này."))
    rows = selectors.progress(cluster_year)
    by_id = {r.unit.pk: r for r in rows}
    own = by_id.get(user.unit_id)
    oversee = can(user, "scoring.reopen_sheet", cluster_year)
    rules = selectors.year_rules(cluster_year)
    for row in rows:
        row.received_rows = [(by_id[s].unit, status, row.sheet_ids.get(s)) for s, status in sorted(row.received.items()) if s in by_id]
    context = _context(request, cluster_year, _("Chấm chéo"), "cross") | {
        "rows": rows, "by_id": by_id, "own": own, "acts": bool(own and (user.is_unit_officer or user.is_unit_head)),
        "to_score": [(by_id[u], own.given.get(u)) for u in own.to_score] if own else [], "oversee": oversee, "rules": rules,
        "open": phase_allows(cluster_year, "cross_score"), "can_reopen": oversee and phase_allows(cluster_year, "cross_score"),
        "can_assign": rules.cross_scoring == "matrix" and can(user, "scoring.manage_assignments", cluster_year),
        "expected": sum(len(r.scorers) for r in rows), "done": sum(r.received_submitted for r in rows),
    }  # fmt: skip
    return render(request, "scoring/cross_home.html", context)


def _cross_page(request, cluster_year, unit, scorer, *, status: int = 200, posted=None, errors=None):
    user = request.user
    ref = SheetRef(cluster_year, unit, scorer)
    rules = selectors.year_rules(cluster_year)
    kind = selectors.cross_kind(rules)
    table = selectors.table_for(cluster_year)
    spec = selectors.table_spec(table) if table is not None else None
    sheet = selectors.sheet_get(cluster_year, unit, scorer)
    self_sheet = selectors.sheet_get(cluster_year, unit, unit)
    is_scorer = user.unit_id == scorer.pk
    data = selectors.sheet_data(sheet, unit=unit, scorer=scorer, kind=kind, spec=spec, live=is_scorer)
    self_data = selectors.sheet_data(self_sheet, unit=unit, scorer=unit, kind=ScoreSheet.Kind.SELF, spec=spec, live=False)
    can_edit = (
        can(user, "scoring.edit_cross_sheet", ref) and phase_allows(cluster_year, "cross_score") and table is not None
        and not (sheet and sheet.is_submitted)
    )  # fmt: skip
    own = data["entries"]
    prefilled = False
    if can_edit and not own and posted is None and rules.panel_adjusted and self_data["entries"]:
        own, prefilled = self_data["entries"], True  # the panel adjusts the self-score
    queries = selectors.queries_for(self_sheet)
    groups = _rows(
        table, own=own, self_entries=self_data["entries"], evidence_by_code=_evidence_by_code(self_sheet, snapshot_only=True),
        queries=queries, posted=posted, bad=_bad_codes(spec, posted) if posted is not None and spec else None,
    ) if table is not None else []  # fmt: skip
    title = _("Chấm điểm {unit}").format(unit=unit.name)
    context = _context(request, cluster_year, title, "cross") | {
        "unit": unit, "scorer": scorer, "sheet": sheet, "data": data, "self_data": self_data, "self_sheet": self_sheet,
        "groups": groups, "can_edit": can_edit, "prefilled": prefilled, "rules": rules, "is_scorer": is_scorer,
        "can_ask": can(user, "scoring.ask_query", ref) and phase_allows(cluster_year, "query_score") and bool(self_data["entries"]),
        "can_reopen": bool(sheet and sheet.is_submitted and can(user, "scoring.reopen_sheet", cluster_year)
                           and phase_allows(cluster_year, "cross_score")),
        "totals": _totals(spec, posted if posted is not None else own), "errors": errors or [],
        "self_totals": _totals(spec, self_data["entries"]) if self_data["entries"] else None,
    }  # fmt: skip
    return render(request, "scoring/cross_sheet.html", context, status=status)


def _cross_refs(request, pk, year, unit_id, scorer_id=None):
    cluster_year = _year(request, pk, year)
    unit = _unit(cluster_year, unit_id)
    if scorer_id is None:
        if not request.user.unit_id:
            return cluster_year, unit, None, forbidden(request, _("Chỉ cán bộ của đơn vị được phân công chấm mới có phiếu chấm chéo."))
        scorer = selectors.member_unit(cluster_year, request.user.unit_id)
        if scorer is None:
            return cluster_year, unit, None, forbidden(request, _("Đơn vị của bạn không phải là thành viên của cụm năm này."))
    else:
        scorer = _unit(cluster_year, scorer_id)
    if scorer.pk == unit.pk:
        return cluster_year, unit, scorer, forbidden(request, _("Một đơn vị không được tự chấm chéo cho chính mình."))
    return cluster_year, unit, scorer, None


@login_required
@require_http_methods(["GET", "POST"])
def cross_sheet(request, pk: int, year: int, unit_id: int, scorer_id: int | None = None):
    cluster_year, unit, scorer, refused = _cross_refs(request, pk, year, unit_id, scorer_id)
    if refused:
        return refused
    if not can(request.user, "scoring.view_cross_sheet", SheetRef(cluster_year, unit, scorer)):
        return forbidden(request, _("{scorer} không được phân công chấm điểm {unit}.").format(scorer=scorer, unit=unit))
    if request.method == "POST":
        table = selectors.table_for(cluster_year)
        if table is None:
            return _refused(request, cluster_year, _("Năm thi đua chưa có bảng tiêu chí."))
        posted = _entries_from_post(request.POST, table)
        try:
            services.cross_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer, entries=posted)
        except InvalidInput as exc:
            return _cross_page(request, cluster_year, unit, scorer, status=400, posted=posted, errors=_messages_of(exc))
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except Conflict as exc:
            return _cross_page(request, cluster_year, unit, scorer, status=409, posted=posted, errors=[str(exc.message)])
        messages.success(request, _("Đã lưu phiếu chấm (chưa nộp)."))
        return redirect(_url("scoring_cross", cluster_year, unit.pk))
    return _cross_page(request, cluster_year, unit, scorer)


@login_required
@require_POST
def cross_submit(request, pk: int, year: int, unit_id: int):
    cluster_year, unit, scorer, refused = _cross_refs(request, pk, year, unit_id)
    if refused:
        return refused
    back = _url("scoring_cross", cluster_year, unit.pk)
    try:
        services.cross_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer)
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _refused(request, cluster_year, exc.message, exc.status, back)
    messages.success(request, _("Đã nộp phiếu chấm điểm {unit}.").format(unit=unit.name))
    return redirect(_url("scoring_cross_home", cluster_year))


# --- queries -------------------------------------------------------------------------------------------------------
def _thread(request, cluster_year, query, *, error=None, status=200):
    query = selectors.query_get(cluster_year, query.pk)
    sheet = query.sheet
    user = request.user
    context = {
        "cluster_year": cluster_year, "cluster": cluster_year.cluster, "year": cluster_year.year, "q": query, "error": error,
        "can_reply": phase_allows(cluster_year, "query_score") and (
            can(user, "scoring.answer_query", SheetRef(cluster_year, sheet.unit))
            or can(user, "scoring.ask_query", SheetRef(cluster_year, sheet.unit, query.scorer))
        ),
    }  # fmt: skip
    return render(request, "scoring/partials/query_thread.html", context, status=status)


@login_required
@require_POST
def query_ask(request, pk: int, year: int, unit_id: int):
    cluster_year, unit, scorer, refused = _cross_refs(request, pk, year, unit_id)
    if refused:
        return refused
    back = _back(request, _url("scoring_cross", cluster_year, unit.pk))
    try:
        query = services.score_query_ask(
            actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer, criterion_code=request.POST.get("criterion", ""),
            text=request.POST.get("text", ""),
        )  # fmt: skip
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        return _refused(request, cluster_year, " ".join(_messages_of(exc)), exc.status, back)
    if request.htmx:
        return _thread(request, cluster_year, query)
    messages.success(request, _("Đã gửi đề nghị giải trình tới {unit}.").format(unit=unit.name))
    return redirect(back)


@login_required
@require_POST
def query_reply(request, pk: int, year: int, query_id: int):
    cluster_year = _year(request, pk, year)
    query = selectors.query_get(cluster_year, query_id)
    if query is None:
        raise Http404(_("Không tìm thấy đề nghị giải trình."))
    if not can(request.user, "scoring.view_self_sheet", SheetRef(cluster_year, query.sheet.unit)):
        return forbidden(request)
    back = _back(request, _url("scoring_self", cluster_year, query.sheet.unit_id))
    try:
        services.score_query_reply(actor=request.user, query=query, text=request.POST.get("text", ""))
    except Forbidden as exc:
        return forbidden(request, exc.message)
    except DomainError as exc:
        if request.htmx:
            return _thread(request, cluster_year, query, error=" ".join(_messages_of(exc)), status=_fragment_status(exc))
        return _refused(request, cluster_year, " ".join(_messages_of(exc)), exc.status, back)
    if request.htmx:
        return _thread(request, cluster_year, query)
    messages.success(request, _("Đã gửi trả lời."))
    return redirect(back)


# --- matrix assignments ------------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_progress", cluster_year):
        return forbidden(request)
    can_edit = can(user, "scoring.manage_assignments", cluster_year)
    members = selectors.year_members(cluster_year)
    rules = selectors.year_rules(cluster_year)
    status, errors = 200, []
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được phân công chấm chéo."))
        pairs = []
        for name in request.POST:
            if m := re.fullmatch(r"a-(\d+)-(\d+)", name):
                pairs.append((int(m[1]), int(m[2])))
        try:
            services.scoring_assignments_set(actor=user, cluster_year=cluster_year, pairs=pairs)
        except Forbidden as exc:
            return forbidden(request, exc.message)
        except DomainError as exc:
            status, errors = exc.status, _messages_of(exc)
        else:
            messages.success(request, _("Đã lưu phân công chấm chéo."))
            return redirect(_url("scoring_assignments", cluster_year))
    current = selectors.assignment_map(cluster_year, rules=rules)
    pairs = {(s, u) for u, scorers in current.items() for s in scorers}
    order = Phase.order()
    matrix = [(s, [(u, (s.unit_id, u.unit_id) in pairs) for u in members]) for s in members]
    context = _context(request, cluster_year, _("Phân công chấm chéo"), "cross") | {
        "members": members, "matrix": matrix, "rules": rules, "errors": errors,
        "editable": can_edit and rules.cross_scoring == "matrix" and order.index(cluster_year.phase) < order.index(Phase.CROSS_SCORING),
    }  # fmt: skip
    return render(request, "scoring/assignments.html", context, status=status)


# --- ranking ------------------------------------------------------------------------------------------------------------
def _ranking_or_refusal(request, cluster_year):
    if not can(request.user, "scoring.view_ranking", cluster_year):
        return None, forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem kết quả xếp hạng."))
    if not phase_allows(cluster_year, "view_ranking"):
        message = _("Kết quả xếp hạng được công bố từ giai đoạn “{phase}”; năm thi đua đang ở giai đoạn “{current}”.").format(
            phase=Phase.RANKING.label, current=Phase(cluster_year.phase).label
        )
        return None, _refused(request, cluster_year, message, 409, _url("scoring_cross_home", cluster_year))
    return selectors.ranking(cluster_year), None


@login_required
@require_GET
def ranking(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    result, refused = _ranking_or_refusal(request, cluster_year)
    if refused:
        return refused
    top = max([line.total for line in result.ranked] + [result.max_points])
    lines = []
    for line in result.lines:
        lines.append({
            "line": line, "total": arithmetic.format_points(line.total) if line.total is not None else "",
            "self_total": arithmetic.format_points(line.self_total) if line.self_total is not None else "",
            "difference": arithmetic.format_points(line.self_difference) if line.self_difference is not None else "",
            "spread": arithmetic.format_points(line.spread),
            "groups": [(g.code, _shown(line.groups.get(g.code)), g.is_penalty) for g in result.spec.groups] if result.spec else [],
            "bar": float(max(line.total, Decimal(0)) / top * 100) if line.total is not None and top > 0 else 0,
            "self_bar": float(max(line.self_total, Decimal(0)) / top * 100) if line.self_total is not None and top > 0 else None,
            "low": arithmetic.format_points(min(t for _, t in line.scorer_totals)) if line.scorer_totals else "",
            "high": arithmetic.format_points(max(t for _, t in line.scorer_totals)) if line.scorer_totals else "",
        })  # fmt: skip
    labels = {
        "mean": _("trung bình cộng các phiếu chấm chéo"),
        "trimmed_mean": _("trung bình cộng sau khi bỏ một phiếu cao nhất và một phiếu thấp nhất"),
        "median": _("trung vị các phiếu chấm chéo"),
        "panel_adjusted": _("điểm tự chấm do tổ chấm điều chỉnh"),
    }
    tie_labels = {"total": _("tổng điểm"), "professional": _("điểm nhiệm vụ chuyên môn"), "penalties": _("ít điểm trừ hơn"),
                  "bonus": _("nhiều điểm thưởng hơn")}  # fmt: skip
    context = _context(request, cluster_year, _("Kết quả xếp hạng"), "ranking") | {
        "ranking": result, "lines": lines, "aggregation_label": labels.get(result.rules.aggregation, result.rules.aggregation),
        "tie_break": [tie_labels.get(k, k) for k in ("total", *result.rules.ranking_tie_break)],
        "max_label": arithmetic.format_points(top),
    }  # fmt: skip
    return render(request, "scoring/ranking.html", context)


@login_required
@require_GET
def ranking_export(request, pk: int, year: int):
    cluster_year = _year(request, pk, year)
    result, refused = _ranking_or_refusal(request, cluster_year)
    if refused:
        return refused
    response = HttpResponse(exports.ranking_xlsx(result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="xep-hang-{cluster_year.cluster_id}-{cluster_year.year}.xlsx"'
    return response


# --- a unit over the years ------------------------------------------------------------------------------------------------
def unit_totals_context(user, unit: Unit) -> dict:
    """The context of the partial scoring/_unit_totals.html for a unit page: its totals in
    the years whose ranking the user may see (the rule of the ranking page and API: seeing
    the organizer's clusters is not enough — a unit of another cluster must not learn this
    one's scores and ranks through the unit page), and whose ranking is published."""
    years = ClusterYear.objects.filter(cluster__in=clusters_for(user), memberships__unit=unit).select_related("cluster")
    visible = [cy.pk for cy in years if phase_allows(cy, "view_ranking") and can(user, "scoring.view_ranking", cy)]
    totals = selectors.unit_totals_over_years(unit, visible)
    return {"unit": unit, "unit_totals": totals, "unit_totals_chart": exports.totals_chart(totals)}


@login_required
@require_GET
def unit_totals(request, pk: int):
    unit = unit_detail(pk) if 0 < pk < 2**63 else None
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return render(request, "scoring/unit_totals.html", unit_totals_context(request.user, unit))
