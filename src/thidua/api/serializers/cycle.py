"""Serializers of the year part of the API (api-v1.md, "The year and scoring"): the year's
settings, registrations, the covenant and its signatures, and the launch (an extra).

Input serializers check the shape of JSON; the rules (values allowed, who may, which
phase) are the services' (thidua.cycle.services), with their Vietnamese messages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.cycle.awards import award_kinds
from thidua.cycle.models import YearSettings
from thidua.org.models import Phase, Unit

from .common import CharField, IdField, ListField

_STRING_LIST = _("Cần một danh sách các mã.")


# --- settings -----------------------------------------------------------------------------------
class ThresholdSerializer(serializers.Serializer):
    base = serializers.ChoiceField(choices=["members", "present", "valid"])
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    strict = serializers.BooleanField()


class ThresholdsSerializer(serializers.Serializer):
    flag = ThresholdSerializer()
    merit = ThresholdSerializer()
    leader = ThresholdSerializer()
    deputy = ThresholdSerializer()


class QuotasSerializer(serializers.Serializer):
    flag = serializers.IntegerField(min_value=0)
    merit = serializers.IntegerField(min_value=0)


class YearSettingsSerializer(serializers.Serializer):
    """The year's rules (defaults from domain rules §3) and its deadlines."""

    cross_scoring = serializers.ChoiceField(choices=YearSettings.CrossScoring.choices)
    aggregation = serializers.ChoiceField(choices=YearSettings.Aggregation.choices)
    tie_break = serializers.ListField(child=serializers.CharField(), help_text="In order; starts with `total`.")
    quorum_percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False,
                                              help_text="66.67 means two thirds.")
    quotas = QuotasSerializer()
    thresholds = ThresholdsSerializer()
    deadlines = serializers.SerializerMethodField()
    document_symbol = serializers.CharField(help_text="The issuer symbol of the cluster's documents, e.g. CTĐ in 91/KH-CTĐ.")
    covenant_type_code = serializers.CharField(help_text="The type code in the covenant's number, e.g. GƯTĐ.")
    evidence_required = serializers.BooleanField(
        help_text="True: a self-assessment cannot be submitted while a criterion requiring evidence has none (400).")

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "date"},
                          "example": {"launched": "2026-01-31", "covenant": "2026-02-28"}})
    def get_deadlines(self, settings) -> dict:
        deadlines = settings.cluster_year.deadlines or {}
        return {p: deadlines[p] for p in Phase.order() if p in deadlines}


class YearSettingsPatchSerializer(serializers.Serializer):
    """Any of the settings' fields; `quotas` and `thresholds` are merged key by key;
    `deadlines` maps phases to dates (YYYY-MM-DD), null to remove one."""

    cross_scoring = serializers.CharField(required=False)
    aggregation = serializers.CharField(required=False)
    tie_break = serializers.JSONField(required=False)
    quorum_percent = serializers.JSONField(required=False)
    quotas = serializers.JSONField(required=False)
    thresholds = serializers.JSONField(required=False)
    deadlines = serializers.JSONField(required=False)
    document_symbol = serializers.CharField(required=False)
    covenant_type_code = serializers.CharField(required=False)
    evidence_required = serializers.JSONField(required=False)


# --- registrations ---------------------------------------------------------------------------------
class RegistrationInputSerializer(serializers.Serializer):
    unit = IdField(queryset=Unit.objects.all(), not_found=_("Không có đơn vị mã {pk_value}."))
    titles = ListField(child=CharField(max_length=50), allow_empty=True,
                       help_text="Award kind codes: " + ", ".join(k.code for k in award_kinds()) + ".")
    commitments = CharField(required=False, allow_blank=True, default="", max_length=20000)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    titles = serializers.ListField(child=serializers.CharField())
    commitments = serializers.CharField()
    submitted_by = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField()
    late = serializers.SerializerMethodField()

    def get_submitted_by(self, registration) -> str | None:
        user = registration.submitted_by
        return user.get_username() if user else None

    def get_late(self, registration) -> bool:
        deadline = self.context.get("deadline")
        return bool(deadline and timezone.localdate(registration.submitted_at) > deadline)


# --- covenant ---------------------------------------------------------------------------------------
class SignatureSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    signed_by = serializers.SerializerMethodField()
    signed_by_name = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField()

    def get_signed_by(self, signature) -> str:
        return signature.signed_by.get_username()

    def get_signed_by_name(self, signature) -> str:
        return signature.signed_by.full_name


class CovenantSerializer(serializers.Serializer):
    text = serializers.CharField()
    frozen = serializers.BooleanField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    number = serializers.CharField(allow_null=True, help_text="e.g. 01/GƯTĐ-CTĐ, once issued")
    signed = serializers.IntegerField()
    total = serializers.IntegerField()
    signatures = SignatureSerializer(many=True)
    unsigned_units = serializers.ListField(child=serializers.IntegerField())


def covenant_data(progress) -> dict:
    covenant = progress.covenant
    return {
        "text": covenant.text if covenant else "",
        "frozen": bool(covenant and covenant.is_frozen),
        "frozen_at": covenant.frozen_at if covenant else None,
        "number": str(covenant.issued_document.document_number) if covenant and covenant.issued_document_id else None,
        "signed": progress.signed,
        "total": progress.total,
        "signatures": [s for _m, s in progress.rows if s is not None],
        "unsigned_units": [u.pk for u in progress.unsigned_units],
    }


class CovenantTextSerializer(serializers.Serializer):
    text = CharField(max_length=20000, allow_blank=True)


class SignInputSerializer(serializers.Serializer):
    unit = IdField(queryset=Unit.objects.all(), not_found=_("Không có đơn vị mã {pk_value}."))


# --- launch -------------------------------------------------------------------------------------------
class LaunchSerializer(serializers.Serializer):
    title = serializers.CharField()
    goals = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    published = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_published(self, launch) -> bool:
        return launch.is_published


class LaunchInputSerializer(serializers.Serializer):
    title = CharField(max_length=300)
    goals = CharField(required=False, allow_blank=True, default="", max_length=20000)
    items = ListField(child=CharField(max_length=1000, allow_blank=True), allow_empty=True)


# --- tasks -------------------------------------------------------------------------------------------
class TaskSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    title = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    url = serializers.CharField()
    cluster = serializers.IntegerField(source="cluster_id")
    cluster_name = serializers.CharField()
    year = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
