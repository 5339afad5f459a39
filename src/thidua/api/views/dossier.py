"""The proposal dossier's endpoints (api-v1.md, "Awards"): read and build the dossier, each
proposed unit's achievement report (write, confirm), submit, return, accept. Reads follow
the year (its members and organizer; 404 outside); writes go through
thidua.awards.dossier_services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.awards import dossier_selectors as sel
from thidua.awards import dossier_services as svc
from thidua.core.errors import Forbidden

from ..helpers import body, parse, readable_year
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.dossier import (
    AchievementReportSerializer,
    DossierSerializer,
    ReportInputSerializer,
    ReturnInputSerializer,
    dossier_data,
    report_data,
)

TAGS = ["awards"]
READ = {200: DossierSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}
WRITE = {200: DossierSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


def _year(request, pk, year):
    return readable_year(request.user, pk, year, "cycle.view_year")


def _answer(cluster_year, status=200) -> Response:
    return Response(dossier_data(sel.dossier_view(sel.dossier_or_404(cluster_year))), status=status)


class DossierView(APIView):
    @extend_schema(operation_id="years_dossier_retrieve", tags=TAGS, responses=READ)
    def get(self, request, pk: int, year: int):
        """The year's proposal dossier: state, proposals with eligibility, documents, reports, checks, history (404 before it is built)."""
        return _answer(_year(request, pk, year))

    @extend_schema(operation_id="years_dossier_build", tags=TAGS, request=None, responses={**WRITE, 201: DossierSerializer})
    def post(self, request, pk: int, year: int):
        """Build (201) or rebuild (200) the draft from the year's closed nomination polls: the leader unit,
        in the `proposals` phase (else 409)."""
        cluster_year = _year(request, pk, year)
        existed = sel.dossier_or_none(cluster_year) is not None
        svc.dossier_build(actor=request.user, cluster_year=cluster_year)
        return _answer(cluster_year, 200 if existed else 201)


class DossierSubmit(APIView):
    @extend_schema(operation_id="years_dossier_submit", tags=TAGS, request=None, responses=WRITE)
    def post(self, request, pk: int, year: int):
        """Send the dossier to the organizer (leader unit); 409 while a check blocks (each reason given) or unless draft/returned."""
        cluster_year = _year(request, pk, year)
        svc.dossier_submit(actor=request.user, cluster_year=cluster_year)
        return _answer(cluster_year)


class DossierReturn(APIView):
    @extend_schema(operation_id="years_dossier_return", tags=TAGS, request=ReturnInputSerializer, responses=WRITE)
    def post(self, request, pk: int, year: int):
        """Return the submitted dossier for completion, with `reason` (organizer)."""
        cluster_year = _year(request, pk, year)
        data = body(request, allowed={"reason"})
        if not svc.can_review(request.user, cluster_year):  # 403 before the body's 400
            raise Forbidden(_("Chỉ cán bộ của cơ quan tổ chức được xem xét hồ sơ đề nghị khen thưởng."))
        data = parse(ReturnInputSerializer, data)
        svc.dossier_return(actor=request.user, cluster_year=cluster_year, reason=data["reason"])
        return _answer(cluster_year)


class DossierAccept(APIView):
    @extend_schema(operation_id="years_dossier_accept", tags=TAGS, request=None, responses=WRITE)
    def post(self, request, pk: int, year: int):
        """Accept the submitted dossier (organizer): it waits for the decision."""
        cluster_year = _year(request, pk, year)
        svc.dossier_accept(actor=request.user, cluster_year=cluster_year)
        return _answer(cluster_year)


def _report(request, pk, year, unit_id):
    cluster_year = _year(request, pk, year)
    return sel.report_or_404(sel.dossier_or_404(cluster_year), unit_id)


class DossierReport(APIView):
    @extend_schema(operation_id="years_dossier_reports_retrieve", tags=TAGS,
                   responses={200: AchievementReportSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})  # fmt: skip
    def get(self, request, pk: int, year: int, unit_id: int):
        """A proposed unit's achievement report: `{sections: [{title, text}], state}`."""
        return Response(report_data(_report(request, pk, year, unit_id)))

    @extend_schema(operation_id="years_dossier_reports_update", tags=TAGS, request=ReportInputSerializer,
                   responses={200: AchievementReportSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND,
                              409: CONFLICT})  # fmt: skip
    def put(self, request, pk: int, year: int, unit_id: int):
        """Save the report (the unit's officer); a confirmed report goes back to draft; 409 once the dossier is submitted."""
        report = _report(request, pk, year, unit_id)
        data = body(request, allowed={"sections", "state", "unit", "award", "template"})
        from thidua.core.permissions import require

        require(request.user, "awards.write_report", report, _("Chỉ cán bộ của đơn vị được đề nghị viết báo cáo thành tích của đơn vị."))
        report = svc.report_write(actor=request.user, report=report, sections=data.get("sections"))
        return Response(report_data(report))


class DossierReportConfirm(APIView):
    @extend_schema(operation_id="years_dossier_reports_confirm", tags=TAGS, request=None,
                   responses={200: AchievementReportSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND,
                              409: CONFLICT})  # fmt: skip
    def post(self, request, pk: int, year: int, unit_id: int):
        """The unit's head confirms its written report; 409 if not written, already confirmed, or the dossier is submitted."""
        report = svc.report_confirm(actor=request.user, report=_report(request, pk, year, unit_id))
        return Response(report_data(report))
