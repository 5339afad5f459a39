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
        "code": kind.code, "name": kind.name, "category": kind.category, "level": kind.level, "issuer": kind.issuer,
        "legal_basis": [basis(b) for b in kind.legal_basis],
        "rules": [{"rule": r.rule, "params": {k: list(v) if isinstance(v, tuple) else v for k, v in r.params}, "basis": basis(r.basis)} for r in kind.rules],
    }


class RatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices, allow_null=True,
                                     error_messages={"invalid_choice": _("Mức xếp loại không hợp lệ: {input}.")})
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
