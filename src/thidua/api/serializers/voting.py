"""Serializers of "The conference and the vote" (api-v1.md): the conference, check-in,
polls, ballots and results.

Input serializers check the shape of JSON; the rules (who may, which phase, candidates
members, thresholds, frozen once open, one ballot per unit) are the services'
(thidua.voting.services), with their Vietnamese messages. Output is built from plain
dicts (`conference_data`, `poll_data`) so that the results of an open poll can never leak
through a field: they are only added once the poll is closed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.org.models import Unit
from thidua.voting import selectors
from thidua.voting.models import Poll

from .common import CharField, ChoiceField, IdField, IntegerField, ListField, ascii_int

UNIT_NOT_FOUND = _("Không có đơn vị mã {pk_value}.")


# --- the conference -----------------------------------------------------------------------------
class ConferenceInputSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True, help_text="The last day, when the conference lasts several days.")
    place = CharField(required=False, allow_blank=True, max_length=300)
    host_unit = IdField(queryset=Unit.objects.all(), required=False, allow_null=True, not_found=UNIT_NOT_FOUND)
    guests = ListField(child=CharField(max_length=500, allow_blank=True), required=False, max_length=30)
    agenda = ListField(child=CharField(max_length=500, allow_blank=True), required=False, max_length=30)
    chair = CharField(required=False, allow_blank=True, max_length=200)
    secretary = CharField(required=False, allow_blank=True, max_length=200)
    counting_committee = ListField(child=CharField(max_length=500, allow_blank=True), required=False, max_length=30)
    content = CharField(required=False, allow_blank=True, max_length=20_000)


class QuorumSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    total = serializers.IntegerField()
    required = serializers.IntegerField()
    met = serializers.BooleanField()


class ConferenceSerializer(serializers.Serializer):
    date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    place = serializers.CharField()
    host_unit = serializers.IntegerField(allow_null=True)
    guests = serializers.ListField(child=serializers.CharField())
    agenda = serializers.ListField(child=serializers.CharField())
    chair = serializers.CharField()
    secretary = serializers.CharField()
    counting_committee = serializers.ListField(child=serializers.CharField())
    content = serializers.CharField()
    present = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the member units checked in.")
    quorum = QuorumSerializer()
    checkin_code = serializers.CharField(required=False, help_text="Only for the secretariat and the organizer.")


def conference_data(conference, quorum, *, with_code: bool) -> dict:
    data = {
        "date": conference.date, "end_date": conference.end_date, "place": conference.place, "host_unit": conference.host_unit_id,
        "guests": conference.guests, "agenda": conference.agenda, "chair": conference.chair, "secretary": conference.secretary,
        "counting_committee": conference.counting_committee, "content": conference.content, "present": quorum.present_ids,
        "quorum": {"present": quorum.present, "total": quorum.total, "required": quorum.required, "met": quorum.met},
    }
    if with_code:
        data["checkin_code"] = conference.checkin_code
    return data


class CheckInInputSerializer(serializers.Serializer):
    unit = IdField(queryset=Unit.objects.all(), not_found=UNIT_NOT_FOUND)
    code = CharField(required=False, allow_blank=True, max_length=20,
                     help_text="The code shown on the room screen; checked when a delegate gives it.")


class CheckInSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField())
    quorum_met = serializers.BooleanField()


# --- polls -----------------------------------------------------------------------------------------
class PollThresholdInputSerializer(serializers.Serializer):
    base = ChoiceField(choices=Poll.Base.values)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, coerce_to_string=False)
    strict = serializers.BooleanField(default=False, help_text="true: more than the percentage; false: at least.")


class PollInputSerializer(serializers.Serializer):
    """Missing method, max_choices, seats and threshold come from the year's rules."""

    kind = CharField(max_length=10, help_text="flag | merit | leader | deputy | other")
    title = CharField(max_length=300)
    method = ChoiceField(choices=Poll.Method.values, required=False)
    max_choices = IntegerField(min_value=1, max_value=100, required=False)
    seats = IntegerField(min_value=1, max_value=100, required=False)
    candidates = ListField(child=IdField(queryset=Unit.objects.all(), not_found=UNIT_NOT_FOUND), max_length=100)
    threshold = PollThresholdInputSerializer(required=False)
    mode = ChoiceField(choices=Poll.Mode.values, required=False)
    notes = CharField(required=False, allow_blank=True, max_length=5000)
    departure_reason = CharField(required=False, allow_blank=True, max_length=5000,
                                 help_text="Required when the candidates are not the top of the ranking.")
    publish_receipts = serializers.BooleanField(
        required=False, help_text="Default true: ballots are published with their receipts (each delegate can find theirs). false: "
        "published without receipts, so that no delegate can prove their vote to anyone (docs/voting.md).")


class PollPatchSerializer(PollInputSerializer):
    kind = CharField(max_length=10, required=False, help_text="flag | merit | leader | deputy | other")
    title = CharField(max_length=300, required=False)
    candidates = ListField(child=IdField(queryset=Unit.objects.all(), not_found=UNIT_NOT_FOUND), max_length=100, required=False)


class BallotInputSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.IntegerField(), required=False,
                                    help_text="Candidate unit ids (approval, single choice); [] is a blank ballot.")
    answers = serializers.DictField(child=serializers.ChoiceField(choices=["yes", "no", "abstain"]), required=False,
                                    help_text='{"<unit id>": "yes"|"no"|"abstain"} (yes_no); a candidate left out abstains.')


def ascii_unit_ids(body: dict, field: str, *, keys: bool) -> None:
    """Rewrite body[field]'s unit ids (the items of a list, or the keys of an object) as
    ASCII-digit ids, or answer 400: the services read ids with int(), which takes "١٢" for
    12 and refuses "²" after str.isdigit() accepted it (a 500)."""
    value = body.get(field)
    if not isinstance(value, dict if keys else list):
        return  # the service explains what the field should be
    ids = [ascii_int(item) for item in value]
    bad = [item for item, number in zip(value, ids, strict=True) if number is None]
    if bad:
        raise serializers.ValidationError({field: [_("Mã đơn vị không hợp lệ: {key}.").format(key=bad[0])]})
    body[field] = {str(n): v for n, v in zip(ids, value.values(), strict=True)} if keys else ids


class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(allow_null=True, help_text="Find it in the published ballots once the poll is closed; null when "
                                    "the poll publishes its ballots without receipts.")


class PaperTallyInputSerializer(serializers.Serializer):
    issued = IntegerField(min_value=0, max_value=10_000)
    returned = IntegerField(min_value=0, max_value=10_000)
    valid = IntegerField(min_value=0, max_value=10_000)
    invalid = IntegerField(min_value=0, max_value=10_000)
    votes = serializers.DictField(help_text='{"<unit id>": n} or, for yes_no, {"<unit id>": {"yes": n, "no": n, "abstain": n}}.')


class CandidateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()


class TurnoutSerializer(serializers.Serializer):
    voted = serializers.IntegerField()
    entitled = serializers.IntegerField(help_text="Member units.")
    present = serializers.IntegerField(help_text="Units present when the poll opened (they may vote); live before.")


class PollThresholdSerializer(serializers.Serializer):
    base = serializers.CharField()
    percent = serializers.FloatField()
    strict = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    votes = serializers.IntegerField(help_text="Approvals, or yes answers.")
    percent = serializers.FloatField(help_text="Of the threshold's base, two decimals.")
    passed = serializers.BooleanField()
    no = serializers.IntegerField(required=False)
    abstain = serializers.IntegerField(required=False)


class BallotSerializer(serializers.Serializer):
    receipt = serializers.CharField(required=False, help_text="Absent when the poll publishes its ballots without receipts.")
    choices = serializers.ListField(child=serializers.IntegerField(), required=False)
    answers = serializers.DictField(child=serializers.CharField(), required=False)


class CountsSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    returned = serializers.IntegerField()
    ballots_cast = serializers.IntegerField()
    valid = serializers.IntegerField()
    blank = serializers.IntegerField()
    invalid = serializers.IntegerField()
    base = serializers.IntegerField()


class PollSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cluster = serializers.IntegerField()
    year = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    notes = serializers.CharField()
    method = serializers.CharField()
    max_choices = serializers.IntegerField()
    seats = serializers.IntegerField()
    threshold = PollThresholdSerializer()
    mode = serializers.CharField()
    publish_receipts = serializers.BooleanField(help_text="Whether the ballots are published with their receipts.")
    state = serializers.ChoiceField(choices=Poll.State.values)
    candidates = CandidateSerializer(many=True)
    parent = serializers.IntegerField(allow_null=True, help_text="The poll this one is a run-off of.")
    departure_reason = serializers.CharField()
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    turnout = TurnoutSerializer()
    results = ResultSerializer(many=True, required=False, help_text="Once closed.")
    elected = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Once closed: in order.")
    ballots = BallotSerializer(many=True, required=False, help_text="Once closed: every ballot, sorted by receipt (without "
                               "receipts: sorted by each ballot's canonical JSON).")
    digest = serializers.CharField(required=False, allow_null=True,
                                   help_text="Once closed: SHA-256 of the ballot list as published (voting.md); null on paper.")
    counts = CountsSerializer(required=False)
    runoff = serializers.DictField(required=False, allow_null=True, help_text="Once closed: {candidates, seats, reason} or null.")


def poll_data(poll: Poll) -> dict:
    cluster_year = poll.cluster_year
    data = {
        "id": poll.pk, "cluster": cluster_year.cluster_id, "year": cluster_year.year, "kind": poll.kind, "title": poll.title,
        "notes": poll.notes, "method": poll.method, "max_choices": poll.max_choices, "seats": poll.seats,
        "threshold": {"base": poll.threshold_base, "percent": float(poll.threshold_percent), "strict": poll.threshold_strict},
        "mode": poll.mode, "publish_receipts": poll.publish_receipts, "state": poll.state,
        "candidates": [{"unit": u.pk, "name": u.name} for u in selectors.candidate_units(poll)],
        "parent": poll.parent_id, "departure_reason": poll.departure_reason, "opened_at": poll.opened_at, "closed_at": poll.closed_at,
        "turnout": selectors.turnout(poll).as_json(),
    }
    if poll.state == Poll.State.CLOSED:
        results = poll.results
        data["results"] = results.get("rows", [])
        data["elected"] = poll.elected
        data["ballots"] = selectors.ballots_of(poll)
        data["digest"] = poll.digest or None
        data["counts"] = {k: results.get(k, 0) for k in ("issued", "returned", "ballots_cast", "valid", "blank", "invalid", "base")}
        data["runoff"] = results.get("runoff")
    return data


class ProposalSerializer(serializers.Serializer):
    kind = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")
    poll = serializers.IntegerField(source="poll_id")
    votes = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    rank = serializers.IntegerField()
