"""The "Awards" part of the API (api-v1.md): the award catalogue, a unit's yearly ratings,
its registry (its predecessors' included on request), eligibility, and the cluster's
proposals of a year with their eligibility. Reads of a unit are open to whoever may see the
unit (every signed-in person); writes go through thidua.awards.services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.awards import eligibility, selectors, services
from thidua.awards.eligibility import POLL_AWARD
from thidua.core.errors import InvalidInput
from thidua.cycle.awards import award_kinds, award_kinds_by_code
from thidua.voting.selectors import proposals_of

from ..helpers import body, parse, readable_year, require
from ..serializers.awards import (
    AwardKindSerializer,
    EligibilitySerializer,
    AwardProposalSerializer,
    RatingInputSerializer,
    RatingSerializer,
    UnitAwardSerializer,
    award_kind_data,
)
from ..serializers.common import BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from .org import unit_or_404

TAGS = ["awards"]


def _year(value, field: str = "year") -> int:
    """A year in the model's range (400 otherwise, before any query)."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    if year is None or not services.YEAR_MIN <= year <= services.YEAR_MAX or not str(value).strip().isascii():
        message = _("Năm không hợp lệ.")
        raise InvalidInput(message, errors={field: [message]})
    return year


class AwardKindList(APIView):
    @extend_schema(operation_id="award_kinds_list", tags=TAGS, responses={200: AwardKindSerializer(many=True), 401: UNAUTHORIZED})
    def get(self, request):
        """The award catalogue: each kind with its legal basis and its rules per legal period."""
        return Response([award_kind_data(k) for k in award_kinds()])


class UnitRatingView(APIView):
    @extend_schema(operation_id="unit_ratings_retrieve", tags=TAGS,
                   responses={200: RatingSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 404: NOT_FOUND})
    def get(self, request, pk: int, year: int):
        """The unit's rating for the year (`rating` null when none was entered)."""
        unit = unit_or_404(pk)
        services._check_year(unit, year)
        row = selectors.unit_rating(unit, year)
        return Response({"rating": row.rating if row else None, "note": row.note if row else ""})

    @extend_schema(operation_id="unit_ratings_update", tags=TAGS, request=RatingInputSerializer,
                   responses={200: RatingSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})
    def put(self, request, pk: int, year: int):
        """Enter the unit's rating for the year (an officer of an organizer whose clusters the unit was in)."""
        unit = unit_or_404(pk)
        data = body(request, allowed={"rating", "note"})
        require(request.user, "awards.rate_unit", unit, _("Chỉ cơ quan tổ chức các cụm mà đơn vị tham gia được nhập xếp loại."))
        data = parse(RatingInputSerializer, data)
        row = services.unit_rating_set(actor=request.user, unit=unit, year=year, rating=data["rating"], note=data.get("note", ""))
        return Response({"rating": row.rating, "note": row.note})


class UnitAwardList(APIView):
    @extend_schema(
        operation_id="unit_awards_list", tags=TAGS,
        parameters=[OpenApiParameter("include_predecessors", OpenApiTypes.BOOL, description="1: the predecessors' awards too")],
        responses={200: UnitAwardSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        """The unit's awards, newest first; revoked ones are listed, marked."""
        unit = unit_or_404(pk)
        include = request.query_params.get("include_predecessors", "") in ("1", "true", "yes")
        lines = selectors.unit_awards(unit, include_predecessors=include)
        return Response([
            {"award": line.award.award, "year": line.award.year,
             "decision": {"id": line.award.decision_id, "number": line.award.decision.number, "date": line.award.decision.date},
             "unit": line.award.unit_id, "via_predecessor": line.via_predecessor, "revoked": line.award.revoked}
            for line in lines
        ])


class UnitEligibility(APIView):
    @extend_schema(
        operation_id="unit_eligibility_retrieve", tags=TAGS,
        parameters=[OpenApiParameter("award", str, required=True), OpenApiParameter("year", int, required=True)],
        responses={200: EligibilitySerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        """Every rule of the award in force for the year: passed, failed, or null (data missing), with what was found and the article."""
        unit = unit_or_404(pk)
        code = request.query_params.get("award", "")
        errors = {}
        if code not in award_kinds_by_code():
            errors["award"] = [_("Hình thức khen thưởng không có trong danh mục: {code}.").format(code=code)]
        try:
            year = _year(request.query_params.get("year"))
        except InvalidInput as exc:
            errors.update(exc.errors)
        if errors:
            raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
        return Response(eligibility.as_dict(eligibility.check(unit, code, year)))


class YearProposals(APIView):
    @extend_schema(operation_id="years_proposals_list", tags=TAGS,
                   responses={200: AwardProposalSerializer(many=True), 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND})
    def get(self, request, pk: int, year: int):
        """The cluster's proposals of the year, from its closed nomination polls, each with its eligibility."""
        cluster_year = readable_year(request.user, pk, year, "cycle.view_year")
        proposals = [p for p in proposals_of(cluster_year) if p.poll.state == "closed"]
        by_unit: dict[int, set[str]] = {}
        for p in proposals:
            by_unit.setdefault(p.unit_id, set()).add(POLL_AWARD[p.kind])
        out = []
        for p in proposals:
            code = POLL_AWARD[p.kind]
            result = eligibility.check(p.unit, code, year)
            out.append({"unit": p.unit_id, "award": code, "poll": p.poll_id, "votes": p.votes, "percent": p.percent,
                        "eligibility": eligibility.as_dict(result)})
        return Response(AwardProposalSerializer(out, many=True).data)
