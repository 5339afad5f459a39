"""The summary report part of the API (api-v1.md, "The information channel"): the report of
a year (versions, the current sections, the comments, the deadline) for its members and the
organizer, and a member unit's comment while the report is circulated (409 otherwise).
Writes go through thidua.reports.services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.reports import selectors, services

from ..helpers import body, parse, readable_year
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.reports import ReportCommentInputSerializer, ReportCommentSerializer, SummaryReportSerializer, comment_data, report_data

TAGS = ["report"]
VIEW = "reports.view"


class YearReportView(APIView):
    @extend_schema(operation_id="years_report_retrieve", tags=TAGS,
                   responses={200: SummaryReportSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})  # fmt: skip
    def get(self, request, pk: int, year: int):
        """The year's summary report: its versions, the current version's sections, the
        members' comments with the drafter's answers, and the deadline for comments."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response(report_data(selectors.report_view(cluster_year)))


class YearReportComments(APIView):
    @extend_schema(operation_id="years_report_comments_create", tags=TAGS, request=ReportCommentInputSerializer,
                   responses={201: ReportCommentSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND,
                              409: CONFLICT})  # fmt: skip
    def post(self, request, pk: int, year: int):
        """A comment of the user's unit on a section (its key) or the whole report (section
        empty), while the report is circulated (409 otherwise); officers of member units."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        data = parse(ReportCommentInputSerializer, body(request, allowed={"section", "text"}))
        comment = services.report_comment(actor=request.user, cluster_year=cluster_year, section=data["section"], text=data["text"])
        return Response(comment_data(comment), status=status.HTTP_201_CREATED)
