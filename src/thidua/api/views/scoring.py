"""The scoring part of the API (api-v1.md, "The year and scoring"): the year's criteria
table, self-assessment and cross-scoring sheets, and the ranking.

Each view finds the year in the reader's scope (404 otherwise), the units among the
year's members (404 otherwise), asks thidua.scoring.rules (403), then reads through
thidua.scoring.selectors or writes through thidua.scoring.services, which check the
phase (409) and the input (400)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response

from thidua.core.errors import Forbidden, InvalidInput, NotFound
from thidua.cycle import phases
from thidua.cycle.phases import require_phase
from thidua.org.models import ClusterYear, Unit
from thidua.scoring import arithmetic, selectors, services
from thidua.scoring.models import ScoreSheet
from thidua.scoring.rules import SheetRef

from ..helpers import body, require, year_or_404
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.scoring import (
    CriteriaTableInputSerializer,
    CriteriaTableSerializer,
    EntriesInputSerializer,
    RankingRowSerializer,
    ScoreSheetSerializer,
)

TAGS = ["scoring"]
WRITE_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


def unit_or_404(cluster_year: ClusterYear, unit_id: int) -> Unit:
    unit = selectors.member_unit(cluster_year, unit_id)
    if unit is None:
        raise NotFound(_("Đơn vị không phải là thành viên của cụm năm {year}.").format(year=cluster_year.year))
    return unit


# --- the criteria table ------------------------------------------------------------------------
class CriteriaView(generics.GenericAPIView):
    serializer_class = CriteriaTableSerializer

    @extend_schema(
        operation_id="clusters_years_criteria_retrieve", tags=TAGS,
        responses={200: CriteriaTableSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )  # fmt: skip
    def get(self, request, pk: int, year: int):
        """The year's scoring table: groups and their criteria (members and the organizer).
        An empty `groups` list while the year has no table."""
        cluster_year = year_or_404(request.user, pk, year)
        require(request.user, "scoring.view_criteria", cluster_year)
        return Response(CriteriaTableSerializer(selectors.table_as_dict(selectors.table_for(cluster_year))).data)

    @extend_schema(
        operation_id="clusters_years_criteria_update", tags=TAGS, request=CriteriaTableInputSerializer,
        responses={200: CriteriaTableSerializer, **WRITE_ERRORS},
    )  # fmt: skip
    def put(self, request, pk: int, year: int):
        """Replace the year's table (the leader unit or the organizer, before
        self-assessment opens; 409 once the table is frozen). All or nothing: 400 with
        every problem under `non_field_errors`."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(
            request.user, "scoring.edit_criteria", cluster_year, _("Chỉ Cụm trưởng hoặc cơ quan tổ chức được sửa bảng tiêu chí.")
        )
        services.criteria_table_replace(actor=request.user, cluster_year=cluster_year, data=body(request))
        return Response(CriteriaTableSerializer(selectors.table_as_dict(selectors.table_for(cluster_year))).data)


# --- sheets ----------------------------------------------------------------------------------
def sheet_response(request, cluster_year: ClusterYear, unit: Unit, scorer: Unit, *, live: bool) -> Response:
    table = selectors.table_for(cluster_year)
    spec = selectors.table_spec(table) if table is not None else None
    sheet = selectors.sheet_get(cluster_year, unit, scorer)
    kind = ScoreSheet.Kind.SELF if unit.pk == scorer.pk else selectors.cross_kind(selectors.year_rules(cluster_year))
    data = selectors.sheet_data(sheet, unit=unit, scorer=scorer, kind=kind, spec=spec, live=live)
    return Response(ScoreSheetSerializer(data).data)


def entries_of(request):
    data = body(request)
    if "entries" not in data:
        raise InvalidInput(_("Thiếu danh sách điểm các tiêu chí."), field="entries")
    return data["entries"]


class SelfSheetView(generics.GenericAPIView):
    serializer_class = ScoreSheetSerializer

    @extend_schema(
        operation_id="clusters_years_scoresheets_self_retrieve", tags=TAGS,
        responses={200: ScoreSheetSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )  # fmt: skip
    def get(self, request, pk: int, year: int, unit_id: int):
        """A unit's self-assessment. The unit's staff see the draft; the secretariat, the
        organizer and the units that score it see what was submitted."""
        cluster_year = year_or_404(request.user, pk, year)
        unit = unit_or_404(cluster_year, unit_id)
        require(request.user, "scoring.view_self_sheet", SheetRef(cluster_year, unit))
        return sheet_response(request, cluster_year, unit, unit, live=request.user.unit_id == unit.pk)

    @extend_schema(
        operation_id="clusters_years_scoresheets_self_update", tags=TAGS, request=EntriesInputSerializer,
        responses={200: ScoreSheetSerializer, **WRITE_ERRORS},
    )  # fmt: skip
    def put(self, request, pk: int, year: int, unit_id: int):
        """Replace the draft's entries (an officer of the unit, during self-assessment).
        400 for points outside 0..max, more than two decimals, or an unknown code; 409
        once submitted."""
        cluster_year = year_or_404(request.user, pk, year)
        unit = unit_or_404(cluster_year, unit_id)
        phases.require_role(request.user, "scoring.edit_self_sheet", SheetRef(cluster_year, unit),
                _("Chỉ cán bộ thi đua của đơn vị được tự chấm điểm cho đơn vị mình."))  # fmt: skip
        services.self_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, entries=entries_of(request))
        return sheet_response(request, cluster_year, unit, unit, live=True)


class SelfSheetSubmit(generics.GenericAPIView):
    serializer_class = ScoreSheetSerializer

    @extend_schema(
        operation_id="clusters_years_scoresheets_self_submit", tags=TAGS,
        request=inline_serializer("SelfSheetSubmitInput", fields={"confirm_missing_evidence": serializers.BooleanField(
            required=False, default=True,
            help_text="false: refuse (409, listing them) while criteria requiring evidence have none, as the page warns")}),
        responses={200: ScoreSheetSerializer, **WRITE_ERRORS},
    )  # fmt: skip
    def post(self, request, pk: int, year: int, unit_id: int):
        """Submit the self-assessment: its snapshot is frozen for the scorers (409 if
        already submitted or empty). 400 listing the criteria requiring evidence that have
        none when the year's rules make evidence required before submitting. The page warns
        a person and asks again; an API client submits as the contract says, unless it sends
        `confirm_missing_evidence: false` to be warned (409 listing them) first."""
        cluster_year = year_or_404(request.user, pk, year)
        unit = unit_or_404(cluster_year, unit_id)
        phases.require_role(request.user, "scoring.edit_self_sheet", SheetRef(cluster_year, unit),
                _("Chỉ cán bộ thi đua của đơn vị được nộp bảng tự chấm điểm."))  # fmt: skip
        confirmed = not (isinstance(request.data, dict) and request.data.get("confirm_missing_evidence") is False)
        services.self_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit, confirm_missing_evidence=confirmed)
        return sheet_response(request, cluster_year, unit, unit, live=True)


def cross_refs(request, pk: int, year: int, unit_id: int, scorer_id: int) -> tuple[ClusterYear, Unit, Unit]:
    cluster_year = year_or_404(request.user, pk, year)
    unit = unit_or_404(cluster_year, unit_id)
    scorer = unit_or_404(cluster_year, scorer_id)
    if unit.pk == scorer.pk:
        raise Forbidden(_("Một đơn vị không được tự chấm chéo cho chính mình; bảng tự chấm điểm ở …/self/."))
    if not selectors.is_assigned(cluster_year, unit.pk, scorer.pk) and selectors.sheet_get(cluster_year, unit, scorer) is None:
        raise Forbidden(
            _("{scorer} không được phân công chấm điểm {unit} năm {year}.").format(scorer=scorer, unit=unit, year=cluster_year.year)
        )
    return cluster_year, unit, scorer


class CrossSheetView(generics.GenericAPIView):
    serializer_class = ScoreSheetSerializer

    @extend_schema(
        operation_id="clusters_years_scoresheets_by_retrieve", tags=TAGS,
        responses={200: ScoreSheetSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )  # fmt: skip
    def get(self, request, pk: int, year: int, unit_id: int, scorer_unit_id: int):
        """The sheet `scorer_unit_id` gives `unit_id`. The scorer's staff see the draft;
        the secretariat and the organizer see what was submitted, and so does the scored
        unit once the ranking is published. 403 for a unit scoring itself or a pair that
        is not assigned."""
        cluster_year, unit, scorer = cross_refs(request, pk, year, unit_id, scorer_unit_id)
        require(request.user, "scoring.view_cross_sheet", SheetRef(cluster_year, unit, scorer))
        return sheet_response(request, cluster_year, unit, scorer, live=request.user.unit_id == scorer.pk)

    @extend_schema(
        operation_id="clusters_years_scoresheets_by_update", tags=TAGS, request=EntriesInputSerializer,
        responses={200: ScoreSheetSerializer, **WRITE_ERRORS},
    )  # fmt: skip
    def put(self, request, pk: int, year: int, unit_id: int, scorer_unit_id: int):
        """Replace the draft's entries (an officer of the scorer unit, when assigned,
        during cross-scoring)."""
        cluster_year, unit, scorer = cross_refs(request, pk, year, unit_id, scorer_unit_id)
        services.cross_sheet_save(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer, entries=entries_of(request))
        return sheet_response(request, cluster_year, unit, scorer, live=True)


class CrossSheetSubmit(generics.GenericAPIView):
    serializer_class = ScoreSheetSerializer

    @extend_schema(
        operation_id="clusters_years_scoresheets_by_submit", tags=TAGS, request=None,
        responses={200: ScoreSheetSerializer, **WRITE_ERRORS},
    )  # fmt: skip
    def post(self, request, pk: int, year: int, unit_id: int, scorer_unit_id: int):
        """Submit the sheet (409 if already submitted or empty)."""
        cluster_year, unit, scorer = cross_refs(request, pk, year, unit_id, scorer_unit_id)
        services.cross_sheet_submit(actor=request.user, cluster_year=cluster_year, unit=unit, scorer=scorer)
        return sheet_response(request, cluster_year, unit, scorer, live=True)


# --- the ranking ------------------------------------------------------------------------------
def ranking_rows(ranking: selectors.Ranking) -> list[dict]:
    def shown(value):
        return None if value is None else arithmetic.display(value)

    return [
        {
            "rank": line.rank, "unit": line.unit.pk, "unit_name": line.unit.name, "total": shown(line.total),
            "groups": {code: arithmetic.display(v) for code, v in line.groups.items()}, "self_total": shown(line.self_total),
            "scorers": line.scorers, "expected_scorers": line.expected_scorers, "spread": arithmetic.display(line.spread),
            "tied": line.tied,
        }
        for line in ranking.lines
    ]  # fmt: skip


class RankingView(generics.GenericAPIView):
    serializer_class = RankingRowSerializer
    pagination_class = None

    @extend_schema(
        operation_id="clusters_years_ranking_list", tags=TAGS,
        responses={
            200: OpenApiResponse(
                RankingRowSerializer(many=True), description="Ranked units first (by rank), then the units without any submitted sheet."
            ),
            401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT,
        },
    )  # fmt: skip
    def get(self, request, pk: int, year: int):
        """The year's ranking (members and the organizer, once the `ranking` phase is
        reached; 409 before): each unit's total by the year's aggregation, its groups, its
        self-assessment beside it, ties broken by the year's tie-break rules."""
        cluster_year = year_or_404(request.user, pk, year)
        require(request.user, "scoring.view_ranking", cluster_year)
        require_phase(cluster_year, "view_ranking")
        return Response(RankingRowSerializer(ranking_rows(selectors.ranking(cluster_year)), many=True).data)
