"""The organisation part of the API (api-v1.md, "Organisation"): provinces, units,
organizers, users, clusters and their years.

Each view parses the request with a serializer, reads through thidua.org.selectors or
writes through thidua.org.services, and serializes the result. Objects another organizer
owns are looked up in the reader's scope, so that they answer 404 like unknown ones."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from thidua.core.errors import NotFound
from thidua.cycle.phase_service import cluster_year_set_phase
from thidua.org import selectors, services
from thidua.org.models import Cluster, ClusterYear, Unit

from ..helpers import parse
from ..permissions import RulePermission
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, MAX_ID, NOT_FOUND, UNAUTHORIZED
from ..serializers.org import (
    ClusterCreateSerializer,
    ClusterFilterSerializer,
    ClusterSerializer,
    ClusterYearSerializer,
    MembersInputSerializer,
    OrganizerSerializer,
    PhaseInputSerializer,
    ProvinceFilterSerializer,
    ProvinceSerializer,
    UnitCreateSerializer,
    UnitDetailSerializer,
    UnitFilterSerializer,
    UnitInputSerializer,
    UnitSerializer,
    UserCreateSerializer,
    UserFilterSerializer,
    UserSerializer,
)


# --- helpers ------------------------------------------------------------------------------
def visible_organizers(user) -> set[int] | None:
    """The ids of the organizers whose clusters `user` may see; None: all of them."""
    ids = selectors.visible_organizer_ids(user)
    return None if ids is None else {row["pk"] for row in ids}


# An id past bigint, or a year past the model's range, would fail in the database (500)
# instead of finding nothing; neither can name a row, so they are 404 before any query.
def unit_or_404(pk: int) -> Unit:
    unit = selectors.unit_detail(pk) if pk <= MAX_ID else None
    if unit is None:
        raise NotFound(_("Không tìm thấy đơn vị."))
    return unit


def cluster_or_404(user, pk: int) -> Cluster:
    cluster = selectors.clusters_for(user).filter(pk=pk).first() if pk <= MAX_ID else None
    if cluster is None:
        raise NotFound(_("Không tìm thấy cụm thi đua."))
    return cluster


def cluster_year_or_404(cluster: Cluster, year: int) -> ClusterYear:
    cluster_year = selectors.cluster_year_get(cluster, year) if 1990 <= year <= 2100 else None
    if cluster_year is None:
        raise NotFound(_("Cụm thi đua chưa có năm thi đua {year}.").format(year=year))
    return cluster_year


class ListView(generics.ListAPIView):
    """A paginated list whose query string is parsed by `filter_serializer_class`."""

    filter_serializer_class: type[serializers.Serializer] | None = None

    def filters(self) -> dict:
        return parse(self.filter_serializer_class, self.request.query_params) if self.filter_serializer_class else {}


# --- provinces ----------------------------------------------------------------------------
class ProvinceList(ListView):
    serializer_class = ProvinceSerializer
    filter_serializer_class = ProvinceFilterSerializer

    def get_queryset(self):
        return selectors.provinces(self.filters().get("era"))

    @extend_schema(
        operation_id="provinces_list", tags=["provinces"], parameters=[ProvinceFilterSerializer],
        responses={200: ProvinceSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED},
    )
    def get(self, request, *args, **kwargs):
        """Provinces of both eras (63 before 1 July 2025, 34 after); ids are unique across eras."""
        return super().get(request, *args, **kwargs)


# --- organizers ---------------------------------------------------------------------------
class OrganizerList(ListView):
    serializer_class = OrganizerSerializer

    def get_queryset(self):
        return selectors.organizers_for(self.request.user)

    @extend_schema(operation_id="organizers_list", tags=["organizers"], responses={200: OrganizerSerializer(many=True), 401: UNAUTHORIZED})
    def get(self, request, *args, **kwargs):
        """The organizers whose clusters the user may see."""
        return super().get(request, *args, **kwargs)


# --- units --------------------------------------------------------------------------------
def unit_response(request, unit: Unit, status_code: int = status.HTTP_200_OK) -> Response:
    """`unit` as read by selectors.unit_detail."""
    context = {"visible_organizers": visible_organizers(request.user)}
    return Response(UnitDetailSerializer(unit, context=context).data, status=status_code)


class UnitListCreate(ListView):
    serializer_class = UnitSerializer
    filter_serializer_class = UnitFilterSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    perms = {"POST": "org.add_unit"}

    def get_queryset(self):
        return selectors.unit_list(**self.filters())

    @extend_schema(
        operation_id="units_list", tags=["units"], parameters=[UnitFilterSerializer],
        responses={200: UnitSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED},
    )
    def get(self, request, *args, **kwargs):
        """Units; `q` matches names with or without Vietnamese accents."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="units_create", tags=["units"], request=UnitCreateSerializer,
        responses={201: UnitDetailSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN},
    )
    def post(self, request, *args, **kwargs):
        """Add a unit (organizer officer or system admin)."""
        data = parse(UnitCreateSerializer, request.data)
        predecessors, managed_by = data.pop("predecessors", []), data.pop("managed_by", None)
        unit = services.unit_create(actor=request.user, data=data, predecessors=predecessors, managed_by=managed_by)
        return unit_response(request, selectors.unit_detail(unit.pk), status.HTTP_201_CREATED)


class UnitDetail(generics.GenericAPIView):
    serializer_class = UnitDetailSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    object_perms = {"PATCH": "org.change_unit"}

    def get_object(self) -> Unit:
        unit = unit_or_404(self.kwargs["pk"])
        self.check_object_permissions(self.request, unit)
        return unit

    @extend_schema(operation_id="units_retrieve", tags=["units"], responses={200: UnitDetailSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND})
    def get(self, request, pk: int):
        """A unit with its lineage and its memberships in the clusters the user may see."""
        return unit_response(request, self.get_object())

    @extend_schema(
        operation_id="units_partial_update", tags=["units"], request=UnitInputSerializer,
        responses={200: UnitDetailSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request, pk: int):
        """Change some of a unit's fields, e.g. `valid_to` when it is dissolved (the organizer that manages it)."""
        unit = self.get_object()
        data = parse(UnitInputSerializer, request.data, partial=True)
        predecessors = data.pop("predecessors", None)
        services.unit_update(actor=request.user, unit=unit, data=data, predecessors=predecessors)
        return unit_response(request, selectors.unit_detail(unit.pk))


# --- users --------------------------------------------------------------------------------
class UserListCreate(ListView):
    serializer_class = UserSerializer
    filter_serializer_class = UserFilterSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    perms = {"GET": "org.view_users", "POST": "org.add_user"}

    def get_queryset(self):
        return selectors.users_for(self.request.user, unit_id=self.filters().get("unit"))

    @extend_schema(
        operation_id="users_list", tags=["users"], parameters=[UserFilterSerializer],
        responses={200: UserSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN},
    )
    def get(self, request, *args, **kwargs):
        """The accounts in the user's scope (organizer officer or system admin)."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="users_create", tags=["users"], request=UserCreateSerializer,
        responses={201: UserSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN},
    )
    def post(self, request, *args, **kwargs):
        """Provision an account: a unit's staff (`unit`, roles officer/head/delegate) or an
        organizer officer (`organizer`, role organizer)."""
        user = services.user_create(actor=request.user, **parse(UserCreateSerializer, request.data))
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


# --- clusters -----------------------------------------------------------------------------
class ClusterListCreate(ListView):
    serializer_class = ClusterSerializer
    filter_serializer_class = ClusterFilterSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    perms = {"POST": "org.add_cluster"}

    def get_queryset(self):
        return selectors.cluster_list(self.request.user, with_leaders=False, **self.filters())  # the API lists years, not leaders

    @extend_schema(
        operation_id="clusters_list", tags=["clusters"], parameters=[ClusterFilterSerializer],
        responses={200: ClusterSerializer(many=True), 400: BAD_REQUEST, 401: UNAUTHORIZED},
    )
    def get(self, request, *args, **kwargs):
        """The clusters and blocs the user may see."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="clusters_create", tags=["clusters"], request=ClusterCreateSerializer,
        responses={201: ClusterSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN},
    )
    def post(self, request, *args, **kwargs):
        """Add a cluster or bloc (organizer officer, for their organizer; system admin)."""
        data = parse(ClusterCreateSerializer, request.data)
        organizer = data.pop("organizer", None) or request.user.organizer
        if organizer is None:
            raise serializers.ValidationError({"organizer": [_("Cần chọn cơ quan tổ chức.")]})
        cluster = services.cluster_create(actor=request.user, organizer=organizer, **data)
        return Response(ClusterSerializer(cluster).data, status=status.HTTP_201_CREATED)


class ClusterDetail(generics.GenericAPIView):
    serializer_class = ClusterSerializer

    @extend_schema(
        operation_id="clusters_retrieve", tags=["clusters"], responses={200: ClusterSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND}
    )
    def get(self, request, pk: int):
        cluster = selectors.cluster_list(request.user).filter(pk=pk).first() if pk <= MAX_ID else None
        if cluster is None:
            raise NotFound(_("Không tìm thấy cụm thi đua."))
        return Response(ClusterSerializer(cluster).data)


class ClusterYearDetail(generics.GenericAPIView):
    serializer_class = ClusterYearSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    object_perms = {"PUT": "org.change_membership"}

    def get_object(self) -> Cluster:
        cluster = cluster_or_404(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, cluster)
        return cluster

    @extend_schema(
        operation_id="clusters_years_retrieve", tags=["clusters"],
        responses={200: ClusterYearSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """A cluster's year: its phase, deadlines and members with their roles."""
        cluster = cluster_or_404(request.user, pk)
        return Response(ClusterYearSerializer(cluster_year_or_404(cluster, year)).data)

    @extend_schema(
        operation_id="clusters_years_update", tags=["clusters"], request=MembersInputSerializer,
        responses={
            200: OpenApiResponse(ClusterYearSerializer, description="The year, created if it did not exist."),
            400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT,
        },
    )
    def put(self, request, pk: int, year: int):
        """Create the year if needed and replace its members (the organizer). 400 with
        {"members": [...]} for two leaders, more than two deputies, a unit that does not
        exist that year or that is already in another cluster of the same organizer."""
        cluster = self.get_object()
        data = parse(MembersInputSerializer, request.data)
        services.cluster_year_set_members(actor=request.user, cluster=cluster, year=year, members=data["members"], reason=data["reason"])
        return Response(ClusterYearSerializer(selectors.cluster_year_get(cluster, year)).data)


class ClusterYearPhase(generics.GenericAPIView):
    serializer_class = ClusterYearSerializer
    permission_classes = [IsAuthenticated, RulePermission]
    object_perms = {"POST": "org.change_phase"}

    @extend_schema(
        operation_id="clusters_years_phase_create", tags=["clusters"], request=PhaseInputSerializer,
        responses={200: ClusterYearSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk: int, year: int):
        """Move the year to the next phase (the organizer, or an officer or the head of the
        year's leader unit), or back to an earlier one (the organizer, with a reason).
        409 when the move is not allowed from the current phase."""
        cluster = cluster_or_404(request.user, pk)
        cluster_year = cluster_year_or_404(cluster, year)
        self.check_object_permissions(request, cluster_year)
        data = parse(PhaseInputSerializer, request.data)
        cluster_year_set_phase(actor=request.user, cluster_year=cluster_year, phase=data["phase"], reason=data["reason"])
        return Response(ClusterYearSerializer(selectors.cluster_year_get(cluster, year)).data)
