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
from thidua.awards.models import Decision
from thidua.core.errors import Forbidden, InvalidInput, NotFound
from thidua.cycle.awards import award_kinds, award_kinds_by_code
from thidua.org.rules import is_organizer_officer
from thidua.voting.selectors import proposals_of

from ..helpers import body, parse, readable_year, require
from ..serializers.awards import (
    AwardKindSerializer,
    AwardProposalSerializer,
    DecisionFilterSerializer,
    DecisionInputSerializer,
    DecisionSerializer,
    EligibilitySerializer,
    RatingInputSerializer,
    RatingSerializer,
    RevokeInputSerializer,
    UnitAwardSerializer,
    award_kind_data,
    decision_data,
)
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, MAX_ID, NOT_FOUND, UNAUTHORIZED
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
    @extend_schema(
        operation_id="unit_ratings_retrieve",
        tags=TAGS,
        responses={200: RatingSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """The unit's rating for the year (`rating` null when none was entered)."""
        unit = unit_or_404(pk)
        services._check_year(unit, year)
        row = selectors.unit_rating(unit, year)
        return Response({"rating": row.rating if row else None, "note": row.note if row else ""})

    @extend_schema(
        operation_id="unit_ratings_update",
        tags=TAGS,
        request=RatingInputSerializer,
        responses={200: RatingSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
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
        operation_id="unit_awards_list",
        tags=TAGS,
        parameters=[OpenApiParameter("include_predecessors", OpenApiTypes.BOOL, description="1: the predecessors' awards too")],
        responses={200: UnitAwardSerializer(many=True), 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        """The unit's awards, newest first; revoked ones are listed, marked."""
        unit = unit_or_404(pk)
        include = request.query_params.get("include_predecessors", "") in ("1", "true", "yes")
        lines = selectors.unit_awards(unit, include_predecessors=include)
        return Response(
            [
                {
                    "award": line.award.award,
                    "year": line.award.year,
                    "decision": {"id": line.award.decision_id, "number": line.award.decision.number, "date": line.award.decision.date},
                    "unit": line.award.unit_id,
                    "via_predecessor": line.via_predecessor,
                    "revoked": line.award.revoked,
                }
                for line in lines
            ]
        )


class UnitEligibility(APIView):
    @extend_schema(
        operation_id="unit_eligibility_retrieve",
        tags=TAGS,
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
    @extend_schema(
        operation_id="years_proposals_list",
        tags=TAGS,
        responses={200: AwardProposalSerializer(many=True), 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
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
            out.append(
                {
                    "unit": p.unit_id,
                    "award": code,
                    "poll": p.poll_id,
                    "votes": p.votes,
                    "percent": p.percent,
                    "eligibility": eligibility.as_dict(result),
                }
            )
        return Response(AwardProposalSerializer(out, many=True).data)


# --- decisions ---------------------------------------------------------------------------------
def _decisions():
    return Decision.objects.select_related("organizer").prefetch_related("awards").order_by("-date", "-pk")


def _decision_or_404(pk: int) -> Decision:
    decision = _decisions().filter(pk=pk).first() if pk <= MAX_ID else None
    if decision is None:
        raise NotFound(_("Không tìm thấy quyết định."))
    return decision


def _organizer_only(user) -> None:
    """403 before the body is read: only organizer officers record or revoke decisions."""
    if not is_organizer_officer(user):
        raise Forbidden(_("Chỉ cán bộ của cơ quan tổ chức được ghi, hủy bỏ quyết định khen thưởng."))


class DecisionListCreate(APIView):
    @extend_schema(
        operation_id="decisions_list",
        tags=TAGS,
        parameters=[DecisionFilterSerializer],
        responses={200: DecisionSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED},
    )
    def get(self, request):
        """Award decisions, newest first; filter by organizer and year."""
        filters = parse(DecisionFilterSerializer, request.query_params)
        qs = _decisions()
        if filters.get("organizer"):
            qs = qs.filter(organizer_id=filters["organizer"])
        if filters.get("year"):
            qs = qs.filter(year=filters["year"])
        return Response([decision_data(d) for d in qs[:1000]])

    @extend_schema(
        operation_id="decisions_create",
        tags=TAGS,
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 409: CONFLICT},
    )
    def post(self, request):
        """Record a signed decision and the awards it confers (the organizer's officer). 400 lists each
        failing check of each recipient unless `override_reason` is given (then kept); 409 for a number
        the organizer already used that year."""
        _organizer_only(request.user)
        data = parse(DecisionInputSerializer, body(request, allowed=set(DecisionInputSerializer().fields)))
        decision = services.decision_record(
            actor=request.user,
            organizer=data["organizer"],
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            year=data["year"],
            awards=[(a["unit"], a["award"]) for a in data["awards"]],
            override_reason=data["override_reason"],
        )
        return Response(decision_data(_decision_or_404(decision.pk)), status=201)


class DecisionDetail(APIView):
    @extend_schema(operation_id="decisions_retrieve", tags=TAGS, responses={200: DecisionSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND})
    def get(self, request, pk: int):
        """A decision with its awards (revoked ones marked)."""
        return Response(decision_data(_decision_or_404(pk)))


class DecisionRevoke(APIView):
    @extend_schema(
        operation_id="decisions_revoke",
        tags=TAGS,
        request=RevokeInputSerializer,
        responses={200: DecisionSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk: int):
        """Annul the decision's awards (of `units`, else all) with a reason and a basis: they stay, marked revoked."""
        decision = _decision_or_404(pk)
        require(request.user, "awards.record_decision", decision, _("Chỉ cán bộ của cơ quan ra quyết định được hủy bỏ khen thưởng."))
        data = parse(RevokeInputSerializer, body(request, allowed={"reason", "basis", "units"}))
        services.decision_revoke(actor=request.user, decision=decision, reason=data["reason"], basis=data["basis"], units=data.get("units"))
        return Response(decision_data(_decision_or_404(pk)))
