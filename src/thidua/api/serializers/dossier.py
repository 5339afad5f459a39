"""Shapes of the proposal dossier's endpoints (api-v1.md, "Awards")."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.awards.models import AchievementReport, Dossier

from .awards import AwardProposalSerializer

STATES = Dossier.State.choices
REPORT_STATES = AchievementReport.State.choices


class DossierDocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    docx = serializers.CharField()
    pdf = serializers.CharField()
    preview = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True)


class DossierReportStateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    state = serializers.ChoiceField(choices=REPORT_STATES)


class DossierCheckSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    award = serializers.CharField()
    kind = serializers.ChoiceField(choices=["eligibility", "report", "quota"])
    blocking = serializers.BooleanField()
    reason = serializers.CharField()


class DossierEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class DossierSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATES)
    proposals = AwardProposalSerializer(many=True)  # what the proposals endpoint answers
    documents = DossierDocumentSerializer(many=True)
    reports = DossierReportStateSerializer(many=True)
    returned_reason = serializers.CharField()
    checks = DossierCheckSerializer(many=True)
    history = DossierEventSerializer(many=True)


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)


class AchievementReportSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    award = serializers.CharField()
    template = serializers.CharField()
    sections = SectionSerializer(many=True)
    state = serializers.ChoiceField(choices=REPORT_STATES)


class ReportInputSerializer(serializers.Serializer):
    sections = serializers.ListField(child=serializers.DictField(), help_text="[{title, text}]")


class ReturnInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000, error_messages={"required": _("Cần nêu lý do trả lại hồ sơ."), "blank": _("Cần nêu lý do trả lại hồ sơ.")}
    )


def dossier_data(view) -> dict:
    from thidua.awards.eligibility import as_dict

    d = view.dossier
    return {
        "state": d.state,
        "proposals": [
            {
                "unit": p["unit"],
                "award": p["award"],
                "poll": p["poll"],
                "votes": p["votes"],
                "percent": float(p["percent"]),
                "eligibility": as_dict(result),
            }
            for p, result in view.results
        ],
        "documents": [
            {"kind": e.kind, "title": e.title, "docx": e.docx, "pdf": e.pdf, "preview": e.preview, "unit": e.unit} for e in view.documents
        ],
        "reports": [{"unit": r.unit_id, "state": r.state} for r in view.reports],
        "returned_reason": d.returned_reason,
        "checks": [{"unit": c.unit, "award": c.award, "kind": c.kind, "blocking": c.blocking, "reason": c.reason} for c in view.checks],
        "history": [
            {"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "reason": e.reason, "at": e.at} for e in view.events
        ],
    }


def report_data(report) -> dict:
    return {"unit": report.unit_id, "award": report.award, "template": report.template, "sections": report.sections,
            "state": report.state}  # fmt: skip
