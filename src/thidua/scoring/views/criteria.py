"""The year's criteria table: read it, edit it, fill it from the sample, last year's table
or an .xlsx file, and download it as .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import Conflict, DomainError, Forbidden, InvalidInput
from thidua.core.http import XLSX, download, export_name, forbidden
from thidua.cycle import phases

from .. import evidence, forms, presenters, selectors, services, table_io
from ..models import Criterion
from ..rules import can
from .base import messages_of, page_context, year_or_404, year_url


def _apply(request, user, cluster_year, action: str | None, draft) -> str:
    """Run the posted action through its service; the success message."""
    if action == "sample":
        services.criteria_table_import_sample(actor=user, cluster_year=cluster_year)
        return _("Đã lập bảng tiêu chí từ bảng mẫu.")
    if action == "copy":
        services.criteria_table_copy_from_previous(actor=user, cluster_year=cluster_year)
        return _("Đã chép bảng tiêu chí của năm trước.")
    if action == "import":
        upload = forms.table_upload(request.FILES)
        services.criteria_table_import_xlsx(actor=user, cluster_year=cluster_year, data=upload.read())
        return _("Đã nhập bảng tiêu chí từ tệp {name}.").format(name=evidence.clean_name(upload.name))
    services.criteria_table_replace(actor=user, cluster_year=cluster_year, data={"groups": draft})
    return _("Đã lưu bảng tiêu chí.")


@login_required
@require_http_methods(["GET", "POST"])
def criteria(request, pk: int, year: int):
    cluster_year = year_or_404(request, pk, year)
    user = request.user
    if not can(user, "scoring.view_criteria", cluster_year):
        return forbidden(request, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem bảng tiêu chí."))
    can_edit = phases.has_role(user, "scoring.edit_criteria", cluster_year)
    table = selectors.table_for(cluster_year)
    status, errors, import_errors, draft = 200, [], [], None
    if request.method == "POST":
        if not can_edit:
            return forbidden(request, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí."))
        action = request.POST.get("action")
        if action not in ("sample", "copy", "import"):
            draft = forms.table_from_post(request.POST)["groups"]
        try:
            done = _apply(request, user, cluster_year, action, draft)
        except table_io.TableImportError as exc:
            status = 400
            if action == "import":  # a file: its problems row by row
                import_errors = [{"row": row, "message": message} for row, message in exc.row_errors]
            else:
                errors = [message for _row, message in exc.row_errors]
        except InvalidInput as exc:
            status, errors = 400, messages_of(exc)
        except (Conflict, Forbidden) as exc:
            status, errors = exc.status, [str(exc.message)]
        else:
            messages.success(request, done)
            return redirect(year_url("scoring_criteria", cluster_year))
        table = selectors.table_for(cluster_year)
    # an existing table, once the year's work has started, changes only at the mid-year review
    at_review_only = table is not None and not table.is_frozen and not phases.phase_allows(cluster_year, "change_criteria")
    editable = can(user, "scoring.edit_criteria", cluster_year) and not (table is not None and table.is_frozen) and not at_review_only
    context = page_context(cluster_year, _("Bảng tiêu chí chấm điểm"), "criteria") | {
        "table": table, "tree": presenters.table_tree(table), "spec": selectors.table_spec(table) if table is not None else None,
        "can_edit": can_edit, "editable": editable, "at_review_only": at_review_only,
        "previous": selectors.previous_table(cluster_year) if editable else None,
        "draft": draft if draft is not None else presenters.draft_from_table(table), "kinds": Criterion.Kind.choices,
        "errors": errors, "import_errors": import_errors, "edit_open": draft is not None,
    }  # fmt: skip
    return render(request, "scoring/criteria.html", context, status=status)


@login_required
@require_GET
def criteria_export(request, pk: int, year: int):
    cluster_year = year_or_404(request, pk, year)
    if not can(request.user, "scoring.view_criteria", cluster_year):
        return forbidden(request)
    try:
        data = services.criteria_table_export_xlsx(cluster_year)
    except DomainError:
        raise Http404(_("Năm thi đua chưa có bảng tiêu chí."))
    return download(data, export_name(cluster_year.cluster.name, cluster_year.year, _("Bảng tiêu chí"), ext="xlsx"), XLSX)
