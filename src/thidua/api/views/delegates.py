"""The conference's delegates (api-v1.md, "The conference and the vote"): the members and
the organizer see them; only the unit names its own voting delegate — its head (200), or
its officer, whose nomination waits for the head (202, state "pending") until the head
confirms it with `{"confirm": true}`. Anyone else: 403. While a poll of the year is
open: 409."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.core.errors import Forbidden, InvalidInput, NotFound
from thidua.org.models import User
from thidua.voting import delegates, selectors
from thidua.voting.models import Delegate, DelegateNomination

from ..helpers import body, can, parse, readable_year, year_or_404
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.delegates import (
    DelegateInputSerializer,
    DelegateSerializer,
    NominationSerializer,
    UnitDelegatesSerializer,
    delegate_data,
    nomination_data,
)
from .voting import TAGS, VIEW

READ = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}
WRITE = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}


def _delegates(cluster_year, **filters):
    return Delegate.objects.filter(conference__cluster_year=cluster_year, **filters).order_by("unit__name", "kind", "full_name", "pk")


class DelegateList(APIView):
    @extend_schema(operation_id="years_conference_delegates_list", tags=TAGS, responses={200: DelegateSerializer(many=True), **READ})
    def get(self, request, pk: int, year: int):
        """The delegates the member units named: each unit's voting delegate (if it named
        one — otherwise its head votes) and its observers. Pending nominations are not
        delegates and are not listed (see the unit's own entry)."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response([delegate_data(d) for d in _delegates(cluster_year)])


class DelegateDetail(APIView):
    @extend_schema(operation_id="years_conference_delegates_retrieve", tags=TAGS, responses={200: UnitDelegatesSerializer, **READ})
    def get(self, request, pk: int, year: int, unit_id: int):
        """One member unit: its voting delegate, a nomination waiting for its head, its observers."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        if unit_id not in selectors.member_ids(cluster_year):
            raise NotFound(_("Đơn vị không phải thành viên của cụm trong năm."))
        rows = list(_delegates(cluster_year, unit_id=unit_id))
        voting = next((d for d in rows if d.kind == Delegate.Kind.VOTING), None)
        pending = delegates.pending_nomination(cluster_year, unit_id)
        return Response(
            {
                "unit": unit_id,
                "voting": delegate_data(voting) if voting else None,
                "pending": nomination_data(pending) if pending else None,
                "observers": [delegate_data(d) for d in rows if d.kind == Delegate.Kind.OBSERVER],
            }
        )

    @extend_schema(
        operation_id="years_conference_delegates_update",
        tags=TAGS,
        request=DelegateInputSerializer,
        responses={
            200: DelegateSerializer,
            202: OpenApiResponse(
                response=NominationSerializer, description="The unit's officer proposed the delegate; it waits for the head's confirmation."
            ),
            **WRITE,
        },
    )
    def put(self, request, pk: int, year: int, unit_id: int):
        """Name the unit's voting delegate: its head (200, in force at once), or its
        officer (202, a pending nomination the head confirms with `{"confirm": true}`).
        Never the secretariat or the organizer for another unit (403). 409 while a poll
        of the year is open."""
        cluster_year = year_or_404(request.user, pk, year)
        user = request.user
        if not can(user, "voting.name_delegate", cluster_year) or user.unit_id != unit_id:
            raise Forbidden(delegates.NOT_YOURS)
        data = parse(DelegateInputSerializer, body(request))
        unit = user.unit
        if data.get("confirm"):
            return Response(delegate_data(delegates.delegate_confirm(actor=user, cluster_year=cluster_year, unit=unit)))
        account = User.objects.filter(pk=data["user"], unit_id=unit.pk).first()
        if account is None:
            raise InvalidInput(_("Tài khoản này không thuộc đơn vị {name}.").format(name=unit.name), field="user")
        written = delegates.delegate_set(
            actor=user,
            cluster_year=cluster_year,
            unit=unit,
            user=account,
            full_name=data.get("full_name", ""),
            position=data.get("position", ""),
            authorisation=data.get("authorisation", ""),
        )
        if isinstance(written, DelegateNomination):
            return Response(nomination_data(written), status=status.HTTP_202_ACCEPTED)
        return Response(delegate_data(written))
