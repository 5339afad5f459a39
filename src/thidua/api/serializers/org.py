"""Serializers of the organisation part of the API (api-v1.md, "Organisation").

Output serializers read what the selectors prefetched; input serializers only turn JSON
into Python values and objects (ids into rows). The rules of the domain (who may, what
is allowed) are the services' job, and so are their messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from thidua.org.models import Cluster, ClusterYear, Organizer, Phase, Province, Role, Unit, User

from .common import MAX_ID, NULL, CharField, ChoiceField, IdField, IntegerField, ListField, id_query_param


def _max(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# --- provinces ----------------------------------------------------------------------------
class ProvinceFilterSerializer(serializers.Serializer):
    era = ChoiceField(choices=Province.Era.choices, required=False, help_text="Both eras when left out.")


class ProvinceSerializer(serializers.ModelSerializer):
    merged_into = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The province of the current era this one went into."
    )
    formed_from = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="The provinces merged into this one.")

    class Meta:
        model = Province
        fields = ["id", "code", "name", "division_type", "era", "valid_from", "valid_to", "merged_into", "formed_from"]
        read_only_fields = fields


# --- organizers ---------------------------------------------------------------------------
class OrganizerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organizer
        fields = ["id", "name", "symbol", "kind"]
        read_only_fields = fields


# --- units --------------------------------------------------------------------------------
class UnitFilterSerializer(serializers.Serializer):
    q = CharField(required=False, allow_blank=True, max_length=200, help_text="Part of the name, with or without Vietnamese accents.")
    province = id_query_param("A province id (of either era).")
    active_on = serializers.DateField(required=False, help_text="Only the units that exist on this day (YYYY-MM-DD).")
    kind = ChoiceField(choices=Unit.Kind.choices, required=False)


class UnitSerializer(serializers.ModelSerializer):
    province = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    managed_by = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The organizer that keeps this unit's record."
    )

    class Meta:
        model = Unit
        fields = ["id", "name", "symbol", "kind", "province", "parent_authority", "head_title", "valid_from", "valid_to", "managed_by"]
        read_only_fields = fields


class UnitMembershipSerializer(serializers.Serializer):
    cluster = serializers.IntegerField(source="cluster_year.cluster_id")
    cluster_name = serializers.CharField(source="cluster_year.cluster.name")
    year = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)


class UnitDetailSerializer(UnitSerializer):
    """A unit with its lineage, and its memberships in the clusters the reader may see."""

    # Reads a unit from selectors.unit_detail; context "visible_organizers" is a set of
    # organizer ids, or None for all.

    predecessors = serializers.SerializerMethodField(help_text="Ids of the units whose duties this unit took over.")
    successors = serializers.SerializerMethodField(help_text="Ids of the units that took over this unit's duties.")
    memberships = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "predecessors", "successors", "memberships"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_predecessors(self, unit: Unit) -> list[int]:
        return sorted(link.predecessor_id for link in unit.lineage_in)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_successors(self, unit: Unit) -> list[int]:
        return sorted(link.successor_id for link in unit.lineage_out)

    @extend_schema_field(UnitMembershipSerializer(many=True))
    def get_memberships(self, unit: Unit) -> list[dict]:
        # Another organizer's clusters stay invisible here as everywhere else.
        visible = self.context.get("visible_organizers")
        rows = [m for m in unit.membership_history if visible is None or m.organizer_id in visible]
        return UnitMembershipSerializer(rows, many=True).data


class UnitInputSerializer(serializers.Serializer):
    # POST takes the fields the contract lists, PATCH any of them.

    name = CharField(max_length=_max(Unit, "name"))
    symbol = CharField(max_length=_max(Unit, "symbol"))
    kind = ChoiceField(choices=Unit.Kind.choices)
    province = IdField(
        queryset=Province.objects.all(), required=False, allow_null=True, not_found=_("Không có tỉnh, thành phố mã {pk_value}.")
    )
    parent_authority = CharField(max_length=_max(Unit, "parent_authority"), required=False, allow_blank=True)
    head_title = CharField(max_length=_max(Unit, "head_title"), required=False, allow_blank=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    predecessors = ListField(
        child=IdField(queryset=Unit.objects.all(), not_found=_("Không có đơn vị mã {pk_value}.")),
        required=False,
        help_text="Ids of the units whose duties this unit took over (merger, split, renaming). PATCH replaces the list.",
    )


class UnitCreateSerializer(UnitInputSerializer):
    managed_by = IdField(
        queryset=Organizer.objects.all(), required=False, allow_null=True, not_found=_("Không có cơ quan tổ chức mã {pk_value}."),
        help_text="The organizer that keeps the unit's record; an organizer officer's own by default.",
    )


# --- users ----------------------------------------------------------------------------------
class UserSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    organizer = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=User.RoleName.choices), read_only=True)
    # Plain text in the schema: an account may have no e-mail (""), which is not an "email".
    email = serializers.CharField(read_only=True, help_text="E-mail address; empty when none was given.")

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "unit", "organizer", "roles"]
        read_only_fields = fields


class MeSerializer(UserSerializer):
    is_admin = serializers.BooleanField(source="is_superuser", read_only=True, help_text="A system admin may do everything.")

    class Meta(UserSerializer.Meta):
        fields = [*UserSerializer.Meta.fields, "is_admin"]
        read_only_fields = fields


class UserFilterSerializer(serializers.Serializer):
    unit = id_query_param("Only the staff of this unit.")


class UserCreateSerializer(serializers.Serializer):
    username = CharField(max_length=_max(User, "username"), validators=[User.username_validator])
    password = CharField(write_only=True, trim_whitespace=False, max_length=4096, style={"input_type": "password"})
    full_name = CharField(max_length=_max(User, "full_name"), required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=_max(User, "email"), required=False, allow_blank=True, default="")
    unit = IdField(queryset=Unit.objects.all(), required=False, allow_null=True, not_found=_("Không có đơn vị mã {pk_value}."))
    organizer = IdField(
        queryset=Organizer.objects.all(), required=False, allow_null=True, not_found=_("Không có cơ quan tổ chức mã {pk_value}.")
    )
    roles = ListField(
        child=ChoiceField(choices=User.RoleName.choices),
        help_text="officer, head, delegate (with `unit`) or organizer (with `organizer`).",
    )


# --- clusters -------------------------------------------------------------------------------
class ClusterFilterSerializer(serializers.Serializer):
    organizer = id_query_param("Only this organizer's clusters.")
    q = CharField(required=False, allow_blank=True, max_length=200, help_text="Part of the name or region, or the exact number.")


class ClusterSerializer(serializers.ModelSerializer):
    organizer = serializers.PrimaryKeyRelatedField(read_only=True)
    years = serializers.SerializerMethodField(help_text="The cluster's emulation years, newest first.")

    class Meta:
        model = Cluster
        fields = ["id", "name", "number", "kind", "organizer", "region", "years"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_years(self, cluster: Cluster) -> list[int]:
        # selectors.cluster_list prefetches them; a cluster just made has none.
        return [cy.year for cy in getattr(cluster, "years_desc", [])]


class ClusterCreateSerializer(serializers.Serializer):
    name = CharField(max_length=_max(Cluster, "name"))
    number = CharField(max_length=_max(Cluster, "number"), help_text="E.g. II, 3.")
    kind = ChoiceField(choices=Cluster.Kind.choices, default=Cluster.Kind.CLUSTER)
    organizer = IdField(
        queryset=Organizer.objects.all(), required=False, not_found=_("Không có cơ quan tổ chức mã {pk_value}."),
        help_text="Required for a system admin; an organizer officer's own by default.",
    )
    region = CharField(max_length=_max(Cluster, "region"), required=False, allow_blank=True, default="")


# --- cluster years ----------------------------------------------------------------------------
class MemberSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    role = serializers.ChoiceField(choices=Role.choices)


class ClusterYearSerializer(serializers.ModelSerializer):
    """A cluster's emulation year."""

    # Reads a year from selectors.cluster_year_get (members prefetched).
    members = MemberSerializer(many=True, read_only=True)
    deadlines = serializers.DictField(child=serializers.DateField(), read_only=True, help_text="{phase: YYYY-MM-DD}")

    class Meta:
        model = ClusterYear
        fields = ["cluster", "year", "phase", "members", "deadlines"]
        read_only_fields = fields


def _flatten_member_errors(errors) -> list[str]:
    """DRF's errors of a list of rows, {index: {field: [messages]}} (or, for a list that is
    not one, {"non_field_errors": [messages]}), as a list of messages naming the row."""
    if isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            return [str(e) for e in errors]
        errors = dict(enumerate(errors))
    flat = []
    for key, value in errors.items():
        if not isinstance(key, int):
            flat += [str(m) for m in value]
            continue
        fields = value.items() if isinstance(value, dict) else [(api_settings.NON_FIELD_ERRORS_KEY, value)]
        for field, messages in fields:
            for message in messages:
                if field == api_settings.NON_FIELD_ERRORS_KEY:
                    flat.append(str(_("Dòng {n}: {message}")).format(n=key + 1, message=message))
                else:
                    flat.append(str(_("Dòng {n}, {field}: {message}")).format(n=key + 1, field=field, message=message))
    return flat


class MemberInputSerializer(serializers.Serializer):
    unit = IntegerField(min_value=1, max_value=MAX_ID)
    role = ChoiceField(choices=Role.choices)


class MembersInputSerializer(serializers.Serializer):
    members = MemberInputSerializer(
        many=True, allow_empty=True,
        error_messages={
            "not_a_list": _("Cần một danh sách, không phải {input_type}."),
            "invalid": _("Mỗi dòng là một đối tượng {{unit, role}}, không phải {datatype}."),
            "null": NULL,
        },
    )
    reason = CharField(required=False, allow_blank=True, default="", max_length=1000, help_text="Kept in the audit trail.")

    def to_internal_value(self, data):
        # The service answers {"members": ["message", ...]}; a malformed row answers the same
        # way instead of DRF's per-row dicts, so that clients read one shape.
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, dict) and isinstance(detail.get("members"), (list, dict)):
                detail["members"] = _flatten_member_errors(detail["members"])
            raise serializers.ValidationError(detail) from exc

    def validate_members(self, rows: list[dict]) -> list[tuple[Unit, str]]:
        ids = [row["unit"] for row in rows]
        units = Unit.objects.in_bulk(ids)
        # The same messages as the service's for the rest of the list: {"members": ["..."]}.
        unknown = [pk for pk in dict.fromkeys(ids) if pk not in units]
        if unknown:
            raise serializers.ValidationError([_("Không có đơn vị mã {pk_value}.").format(pk_value=pk) for pk in unknown])
        return [(units[row["unit"]], row["role"]) for row in rows]


class PhaseInputSerializer(serializers.Serializer):
    phase = ChoiceField(choices=Phase.choices)
    reason = CharField(required=False, allow_blank=True, default="", max_length=1000, help_text="Required to move back.")

