"""Serializers of the scoring part of the API (api-v1.md, "The year and scoring"):
the criteria table, score sheets and the ranking.

Points are JSON numbers with up to two decimals (7.5). Input bodies are passed to the
services as they are, so that the scoring table's and the sheets' rules (and their
row-by-row messages) live in one place: thidua.scoring.arithmetic and table_io."""

from __future__ import annotations

from rest_framework import serializers

from thidua.scoring.models import Criterion, ScoreSheet


def Points(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=False, **kwargs)


# --- the criteria table -----------------------------------------------------------------------
class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    title = serializers.CharField()
    guidance = serializers.CharField(required=False, allow_blank=True, help_text="How to score it (optional).")
    kind = serializers.ChoiceField(choices=Criterion.Kind.choices)
    max_points = Points()
    evidence = serializers.BooleanField(default=False, help_text="Whether scorers may expect evidence files.")


class CriterionGroupSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    title = serializers.CharField()
    max_points = Points(help_text="Caps the sum of the group's criteria on a sheet.")
    professional = serializers.BooleanField(default=False, help_text='The "professional tasks" group used by the tie-break.')
    criteria = CriterionSerializer(many=True)


class CriteriaTableInputSerializer(serializers.Serializer):
    """The shape of shared/data/criteria-sample.yaml."""

    groups = CriterionGroupSerializer(many=True)


class CriteriaTableSerializer(CriteriaTableInputSerializer):
    frozen = serializers.BooleanField(help_text="Frozen when self-assessment opens; a frozen table never changes.")
    frozen_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="How many times the table was replaced (0: no table yet).")
    source = serializers.CharField(allow_null=True, help_text="sample | previous | xlsx | edited")


# --- score sheets -----------------------------------------------------------------------------
class EntrySerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text="The criterion's code, e.g. I.1")
    points = Points()
    note = serializers.CharField(allow_blank=True, required=False, help_text="The explanation (giải trình).")


class EntriesInputSerializer(serializers.Serializer):
    entries = EntrySerializer(many=True)


class ReopenSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField()
    reason = serializers.CharField()


class ScoreSheetSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The unit scored.")
    scorer = serializers.IntegerField(help_text="The unit scoring (the unit itself for its self-assessment).")
    kind = serializers.ChoiceField(choices=ScoreSheet.Kind.choices)
    status = serializers.ChoiceField(choices=ScoreSheet.Status.choices)
    entries = EntrySerializer(many=True)
    total = Points(allow_null=True)
    groups = serializers.DictField(child=Points())
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.CharField(allow_null=True)
    reopened = ReopenSerializer(many=True)


# --- ranking ----------------------------------------------------------------------------------
class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True, help_text="Units equal on every tie-break rule share a rank (1, 2, 2, 4); null: no submitted sheet."
    )
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    total = Points(allow_null=True, help_text="The year's aggregation of the cross-scoring sheets, rounded to 2 decimals.")
    groups = serializers.DictField(child=Points(), help_text="{group code: points}")
    self_total = Points(allow_null=True, help_text="The submitted self-assessment's total, shown beside.")
    scorers = serializers.IntegerField(help_text="How many submitted sheets made the total.")
    expected_scorers = serializers.IntegerField()
    spread = Points(help_text="Highest minus lowest scorer total.")
    tied = serializers.BooleanField(help_text="Still tied after every tie-break rule: the conference decides.")
