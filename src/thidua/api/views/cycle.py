"""The year part of the API (api-v1.md, "The year and scoring"): the year's settings,
registrations, the covenant (text, signatures, .docx) and, as extras, the launch and the
signed-in user's tasks.

Order of the answers: 401 without credentials; 404 when the cluster or year is unknown or
invisible to the user; 403 when the user may not do this; 400 for a malformed body; 409
when the year's phase (or state) refuses the action."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.core.errors import NotFound
from thidua.core.http import DOCX, PDF
from thidua.cycle import documents, phases, selectors, services
from thidua.cycle.tasks import deadline_of, unit_tasks
from thidua.documents.docx import docx_download
from thidua.documents.pdf import pdf_download, pdf_filename
from thidua.org.models import Phase

from ..helpers import body, parse, readable_year, require, year_or_404
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.cycle import (
    CovenantSerializer,
    CovenantTextSerializer,
    LaunchInputSerializer,
    LaunchSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    SignatureSerializer,
    SignInputSerializer,
    TaskSerializer,
    YearSettingsPatchSerializer,
    YearSettingsSerializer,
    covenant_data,
)

TAGS = ["year"]
VIEW = "cycle.view_year"


# --- settings -------------------------------------------------------------------------------------
class YearSettingsView(GenericAPIView):
    serializer_class = YearSettingsSerializer

    @extend_schema(
        operation_id="years_settings_retrieve",
        tags=TAGS,
        responses={200: YearSettingsSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """The year's rules and deadlines (the year's members and the organizer)."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response(YearSettingsSerializer(services.year_settings_get(cluster_year)).data)

    @extend_schema(
        operation_id="years_settings_partial_update",
        tags=TAGS,
        request=YearSettingsPatchSerializer,
        responses={200: YearSettingsSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def patch(self, request, pk: int, year: int):
        """Change some of the rules or deadlines: the organizer (until cross-scoring ends) or
        the leader unit (before self-assessment opens); deadlines until the year is closed.
        409 for a change the phase no longer allows."""
        cluster_year = year_or_404(request.user, pk, year)
        require(
            request.user, "cycle.change_settings", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa quy định của năm.")
        )
        data = body(request, allowed=YearSettingsPatchSerializer().fields)
        changes = {k: v for k, v in data.items() if k != "deadlines"}
        settings = services.year_rules_update(
            actor=request.user, cluster_year=cluster_year, changes=changes, deadlines=data.get("deadlines")
        )
        settings.cluster_year.refresh_from_db()
        return Response(YearSettingsSerializer(settings).data)


# --- registrations ------------------------------------------------------------------------------
class RegistrationListCreate(GenericAPIView):
    serializer_class = RegistrationSerializer

    def get_queryset(self):
        return selectors.registrations_list(self.cluster_year)

    @extend_schema(
        operation_id="years_registrations_list",
        tags=TAGS,
        responses={200: RegistrationSerializer(many=True), 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """The registrations of the year's member units (members and the organizer)."""
        self.cluster_year = readable_year(request.user, pk, year, VIEW)
        page = self.paginate_queryset(self.get_queryset())
        context = {"deadline": deadline_of(self.cluster_year, Phase.LAUNCHED)}
        return self.get_paginated_response(RegistrationSerializer(page, many=True, context=context).data)

    @extend_schema(
        operation_id="years_registrations_create",
        tags=TAGS,
        request=RegistrationInputSerializer,
        responses={
            201: RegistrationSerializer,
            200: OpenApiResponse(RegistrationSerializer, description="An earlier registration, changed."),
            400: BAD_REQUEST,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def post(self, request, pk: int, year: int):
        """Register a member unit for the year (an officer of that unit): award kind codes
        and commitments. Registering again replaces the unit's registration (200)."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(
            request.user, "cycle.register", cluster_year, _("Chỉ cán bộ thi đua của đơn vị thành viên được đăng ký thi đua.")
        )
        data = parse(RegistrationInputSerializer, body(request))
        registration, created = services.registration_submit(
            actor=request.user, cluster_year=cluster_year, unit=data["unit"], titles=data["titles"], commitments=data["commitments"]
        )
        context = {"deadline": deadline_of(cluster_year, Phase.LAUNCHED)}
        return Response(
            RegistrationSerializer(registration, context=context).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


# --- covenant -------------------------------------------------------------------------------------
class CovenantView(APIView):
    @extend_schema(
        operation_id="years_covenant_retrieve",
        tags=TAGS,
        responses={200: CovenantSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """The covenant's text, whether it is frozen, and who signed it when."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response(CovenantSerializer(covenant_data(selectors.covenant_progress(cluster_year))).data)

    @extend_schema(
        operation_id="years_covenant_update",
        tags=TAGS,
        request=CovenantTextSerializer,
        responses={200: CovenantSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def put(self, request, pk: int, year: int):
        """Replace the covenant's text (the secretariat or the organizer), until the first
        unit signs it. 409 once signing has started or outside its phases."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(request.user, "cycle.edit_covenant", cluster_year)
        data = parse(CovenantTextSerializer, body(request))
        services.covenant_save_text(actor=request.user, cluster_year=cluster_year, text=data["text"])
        return Response(CovenantSerializer(covenant_data(selectors.covenant_progress(cluster_year))).data)


class CovenantSign(APIView):
    @extend_schema(
        operation_id="years_covenant_sign_create",
        tags=TAGS,
        request=SignInputSerializer,
        responses={201: SignatureSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk: int, year: int):
        """Sign the covenant for a member unit (the head of that unit). 409 if the unit has
        already signed or the year is not in the covenant phase."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(
            request.user, "cycle.sign_covenant", cluster_year, _("Chỉ lãnh đạo đơn vị thành viên được ký giao ước thi đua.")
        )
        data = parse(SignInputSerializer, body(request))
        signature = services.covenant_sign(actor=request.user, cluster_year=cluster_year, unit=data["unit"])
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)


class CovenantDocx(APIView):
    @extend_schema(
        operation_id="years_covenant_docx_retrieve",
        tags=TAGS,
        responses={
            (200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="The covenant as a Decree 30 .docx."),
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int, year: int):
        """The covenant as a Decree 30/2020 .docx, one signature block per member unit."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return docx_download(documents.covenant_document(cluster_year), documents.docx_filename("Giao ước thi đua", cluster_year))


class CovenantPdf(APIView):
    @extend_schema(
        operation_id="years_covenant_pdf_retrieve",
        tags=TAGS,
        responses={
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The covenant as a PDF (a draft until numbered)."),
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def get(self, request, pk: int, year: int):
        """The covenant as PDF, from the same document as the .docx."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return pdf_download(
            documents.covenant_document(cluster_year),
            pdf_filename(documents.docx_filename("Giao ước thi đua", cluster_year)),
        )


# --- launch (extra) -------------------------------------------------------------------------------
class LaunchView(APIView):
    @extend_schema(
        operation_id="years_launch_retrieve",
        tags=TAGS,
        responses={200: LaunchSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, pk: int, year: int):
        """The launch of the year's movement. Before it is published only the secretariat
        and the organizer see it (404 for the other members)."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        launch = selectors.launch_of(cluster_year)
        drafts = phases.has_role(request.user, "cycle.edit_launch", cluster_year) or phases.has_role(
            request.user, "cycle.publish_launch", cluster_year
        )
        if launch is None or not (launch.is_published or drafts):
            raise NotFound(_("Chưa có nội dung phát động thi đua."))
        return Response(LaunchSerializer(launch).data)

    @extend_schema(
        operation_id="years_launch_update",
        tags=TAGS,
        request=LaunchInputSerializer,
        responses={200: LaunchSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def put(self, request, pk: int, year: int):
        """Write the launch: title, goals and content items (the secretariat or the
        organizer), while the year is being prepared or launched."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(request.user, "cycle.edit_launch", cluster_year)
        data = parse(LaunchInputSerializer, body(request))
        launch = services.launch_save(actor=request.user, cluster_year=cluster_year, **data)
        return Response(LaunchSerializer(launch).data)


class LaunchPublish(APIView):
    @extend_schema(
        operation_id="years_launch_publish_create",
        tags=TAGS,
        request=None,
        responses={200: LaunchSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request, pk: int, year: int):
        """Publish the launch to the members (the leader unit or the organizer); a year
        still being prepared moves to `launched`. 409 if already published or nothing to publish."""
        cluster_year = year_or_404(request.user, pk, year)
        phases.require_role(request.user, "cycle.publish_launch", cluster_year)
        launch = services.launch_publish(actor=request.user, cluster_year=cluster_year)
        return Response(LaunchSerializer(launch).data)


# --- tasks (extra) --------------------------------------------------------------------------------
class MyTasks(APIView):
    @extend_schema(operation_id="me_tasks_list", tags=["auth"], responses={200: TaskSerializer(many=True), 401: UNAUTHORIZED})
    def get(self, request):
        """What the signed-in user's unit must do now and by when, soonest first."""
        return Response(TaskSerializer(unit_tasks(request.user), many=True).data)
