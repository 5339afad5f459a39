"""Serializers of the summary report (api-v1.md, "The information channel": the report)."""

from __future__ import annotations

from rest_framework import serializers

from thidua.reports.models import ReportComment, ReportVersion


class ReportVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    state = serializers.ChoiceField(choices=ReportVersion.State.choices)
    created_at = serializers.DateTimeField()


class ReportSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class ReportCurrentSerializer(serializers.Serializer):
    sections = ReportSectionSerializer(many=True)


class ReportCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(help_text="the commenting unit's id")
    unit_name = serializers.CharField()
    section = serializers.CharField(allow_blank=True, help_text="a section's key; empty: the whole report")
    text = serializers.CharField()
    state = serializers.ChoiceField(choices=ReportComment.State.choices)
    reply = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(help_text="the version commented on")
    created_at = serializers.DateTimeField()


class SummaryReportSerializer(serializers.Serializer):
    versions = ReportVersionSerializer(many=True)
    current = ReportCurrentSerializer(allow_null=True)
    comments = ReportCommentSerializer(many=True)
    comments_until = serializers.DateField(allow_null=True)
    drafter = serializers.IntegerField(allow_null=True, help_text="the drafting unit's id")
    not_commented = serializers.ListField(
        child=serializers.IntegerField(), help_text="member units (ids) without a comment on the latest circulated version"
    )


class ReportCommentInputSerializer(serializers.Serializer):
    section = serializers.CharField(allow_blank=True, required=False, default="", max_length=40)
    text = serializers.CharField(max_length=4000)


def comment_data(c: ReportComment) -> dict:
    return {"id": c.pk, "unit": c.unit_id, "unit_name": c.unit.name, "section": c.section, "text": c.text, "state": c.state,
            "reply": c.reply, "version": c.version.number, "created_at": c.created_at}


def report_data(view) -> dict:
    current = view.current
    return {
        "versions": [{"number": v.number, "state": v.state, "created_at": v.created_at} for v in view.versions],
        "current": {"sections": current.sections} if current else None,
        "comments": [comment_data(c) for c in view.comments],
        "comments_until": view.report.comments_until if view.report else None,
        "drafter": view.report.drafter_id if view.report else None,
        "not_commented": [u.pk for u in view.not_commented],
    }
