"""Shapes of the "Awards" part of the API (api-v1.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.awards.models import Rating


class LegalBasisSerializer(serializers.Serializer):
    text = serializers.CharField()
    from_year = serializers.IntegerField(allow_null=True)
    to_year = serializers.IntegerField(allow_null=True)
    verify = serializers.BooleanField(help_text="Cần kiểm tra: cited as remembered, to check against the published text.")


class AwardRuleSerializer(serializers.Serializer):
    rule = serializers.CharField()
    params = serializers.DictField()
    basis = LegalBasisSerializer()


class AwardKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=["title", "commendation"])
    level = serializers.CharField()
    issuer = serializers.CharField()
    legal_basis = LegalBasisSerializer(many=True)
    rules = AwardRuleSerializer(many=True)


def award_kind_data(kind) -> dict:
    def basis(b):
        return {"text": b.text, "from_year": b.from_year, "to_year": b.to_year, "verify": b.verify}

    return {
        "code": kind.code,
        "name": kind.name,
        "category": kind.category,
        "level": kind.level,
        "issuer": kind.issuer,
        "legal_basis": [basis(b) for b in kind.legal_basis],
        "rules": [
            {"rule": r.rule, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in r.params}, "basis": basis(r.basis)}
            for r in kind.rules
        ],
    }


class RatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(
        choices=Rating.choices, allow_null=True, error_messages={"invalid_choice": _("Mức xếp loại không hợp lệ: {input}.")}
    )
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class RatingInputSerializer(RatingSerializer):
    rating = serializers.ChoiceField(choices=Rating.choices, error_messages={"invalid_choice": _("Mức xếp loại không hợp lệ: {input}.")})


class DecisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()


class UnitAwardSerializer(serializers.Serializer):
    award = serializers.CharField()
    year = serializers.IntegerField()
    decision = DecisionRefSerializer()
    unit = serializers.IntegerField()
    via_predecessor = serializers.BooleanField()
    revoked = serializers.BooleanField()


class CheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    passed = serializers.BooleanField(allow_null=True)
    detail = serializers.CharField()
    basis = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    award = serializers.CharField()
    year = serializers.IntegerField()
    eligible = serializers.BooleanField(allow_null=True)
    policy = serializers.ChoiceField(choices=["restart", "carry_over"])
    checks = CheckSerializer(many=True)


class AwardProposalSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    award = serializers.CharField()
    poll = serializers.IntegerField()
    votes = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    eligibility = EligibilitySerializer()


# --- decisions ---------------------------------------------------------------------------------
from thidua.org.models import Organizer, Unit  # noqa: E402

from .common import IdField  # noqa: E402


class DecisionAwardInputSerializer(serializers.Serializer):
    unit = IdField(queryset=Unit.objects.all(), not_found=_("Không có đơn vị mã {pk_value}."))
    award = serializers.CharField(max_length=40)


class DecisionInputSerializer(serializers.Serializer):
    organizer = IdField(queryset=Organizer.objects.all(), not_found=_("Không có cơ quan tổ chức mã {pk_value}."))
    number = serializers.CharField(max_length=60)
    date = serializers.DateField()
    signer = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    awards = DecisionAwardInputSerializer(many=True, allow_empty=False)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DecisionAwardSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    award = serializers.CharField()
    revoked = serializers.BooleanField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organizer = serializers.IntegerField()
    number = serializers.CharField()
    date = serializers.DateField()
    signer = serializers.CharField()
    year = serializers.IntegerField()
    awards = DecisionAwardSerializer(many=True)


class DecisionFilterSerializer(serializers.Serializer):
    organizer = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class RevokeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    basis = serializers.CharField(max_length=300)
    units = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, allow_empty=False)


def decision_data(decision) -> dict:
    return {
        "id": decision.pk,
        "organizer": decision.organizer_id,
        "number": decision.number,
        "date": decision.date,
        "signer": decision.signer,
        "year": decision.year,
        "awards": [{"unit": a.unit_id, "award": a.award, "revoked": a.revoked} for a in decision.awards.all()],
    }
