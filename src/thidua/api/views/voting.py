"""The conference and the vote (api-v1.md): the conference, check-in, polls, ballots.

Order of the answers: 401 without credentials; 404 when the cluster, year or poll is
unknown or invisible to the user; 403 when the user may not do this; 400 for a malformed
body; 409 when the state forbids it (phase, poll not open, unit already voted, frozen).
While a poll is open its answer holds only the turnout; results, ballots and the digest
appear once it is closed."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from thidua.core.errors import Forbidden, NotFound
from thidua.voting import eligibility, selectors, services
from thidua.voting.models import Poll

from ..helpers import body, can, parse, readable_year, require, year_or_404
from ..serializers.common import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from ..serializers.voting import (
    BallotInputSerializer,
    CheckInInputSerializer,
    CheckInSerializer,
    ConferenceInputSerializer,
    ConferenceSerializer,
    PaperTallyInputSerializer,
    PollInputSerializer,
    PollPatchSerializer,
    PollSerializer,
    ProposalSerializer,
    ReceiptSerializer,
    ascii_unit_ids,
    conference_data,
    poll_data,
)

TAGS = ["conference"]
WRITE = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}
READ = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}
VIEW = "voting.view"


def poll_or_404(request, poll_id: int) -> Poll:
    poll = selectors.poll_for(request.user, poll_id)
    if poll is None:
        raise NotFound(_("Không tìm thấy biểu quyết."))
    return poll


def readable_poll(request, poll_id: int) -> Poll:
    poll = poll_or_404(request, poll_id)
    require(request.user, VIEW, poll.cluster_year, _("Chỉ các đơn vị thành viên của năm thi đua và cơ quan tổ chức được xem."))
    return poll


def managed_poll(request, poll_id: int) -> Poll:
    poll = poll_or_404(request, poll_id)
    require(request.user, "voting.manage", poll.cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được điều hành biểu quyết."))
    return poll


def poll_response(request, poll: Poll, code=status.HTTP_200_OK) -> Response:
    """The poll as `poll_data` builds it (PollSerializer documents the shape): the fields of
    a closed poll are absent, not null, while it is open."""
    return Response(poll_data(selectors.poll_for(request.user, poll.pk) or poll), status=code)


def _poll_input(data: dict) -> dict:
    if "threshold" in data:
        data["threshold"] = dict(data["threshold"])
    return data


# --- the conference -----------------------------------------------------------------------------
class ConferenceView(APIView):
    @extend_schema(operation_id="years_conference_retrieve", tags=TAGS, responses={200: ConferenceSerializer, **READ})
    def get(self, request, pk: int, year: int):
        """The year-end conference: date(s), place, host unit, guests, agenda, who is
        present and the quorum (the year's members and the organizer)."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        conference = services.conference_of(cluster_year)
        with_code = can(request.user, "voting.checkin_any", cluster_year)
        quorum = selectors.quorum(cluster_year, with_ids=True)
        return Response(ConferenceSerializer(conference_data(conference, quorum, with_code=with_code)).data)

    @extend_schema(operation_id="years_conference_update", tags=TAGS, request=ConferenceInputSerializer,
                   responses={200: ConferenceSerializer, **WRITE})
    def put(self, request, pk: int, year: int):
        """Write the conference's details (the leader unit or the organizer). Fields left
        out keep their value."""
        cluster_year = year_or_404(request.user, pk, year)
        require(request.user, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được sửa thông tin hội nghị."))
        data = parse(ConferenceInputSerializer, body(request))
        conference = services.conference_update(actor=request.user, cluster_year=cluster_year, data=data)
        quorum = selectors.quorum(cluster_year, with_ids=True)
        return Response(ConferenceSerializer(conference_data(conference, quorum, with_code=True)).data)


class CheckInView(APIView):
    @extend_schema(operation_id="years_conference_checkin_create", tags=TAGS, request=CheckInInputSerializer,
                   responses={200: CheckInSerializer, **WRITE})
    def post(self, request, pk: int, year: int):
        """Check a member unit in: its delegate or head (for its own unit) or the
        secretariat and the organizer (for any member). Checking in twice is harmless.
        Needs the conference phase (409)."""
        cluster_year = year_or_404(request.user, pk, year)
        if not (can(request.user, "voting.checkin_any", cluster_year) or can(request.user, "voting.checkin_own", cluster_year)):
            raise Forbidden(_("Chỉ đại biểu của đơn vị thành viên hoặc bộ phận thường trực của cụm được điểm danh."))
        data = parse(CheckInInputSerializer, body(request))
        services.checkin(actor=request.user, cluster_year=cluster_year, unit=data["unit"], code=data.get("code") or None)
        quorum = selectors.quorum(cluster_year, with_ids=True)
        return Response(CheckInSerializer({"present": quorum.present_ids, "quorum_met": quorum.met}).data)


class ProposalList(APIView):
    @extend_schema(operation_id="years_conference_proposals_list", tags=TAGS, responses={200: ProposalSerializer(many=True), **READ})
    def get(self, request, pk: int, year: int):
        """The units the cluster proposes for the Flag and Certificates of Merit, from
        closed nomination polls, in order."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response(ProposalSerializer(selectors.proposals_of(cluster_year), many=True).data)


# --- polls -----------------------------------------------------------------------------------------
class PollListCreate(GenericAPIView):
    serializer_class = PollSerializer
    pagination_class = None  # a year has a handful of polls: the answer is a plain list, and the schema says so

    @extend_schema(operation_id="years_polls_list", tags=TAGS, responses={200: PollSerializer(many=True), **READ})
    def get(self, request, pk: int, year: int):
        """The year's polls, oldest first (results only for the closed ones)."""
        cluster_year = readable_year(request.user, pk, year, VIEW)
        return Response([poll_data(p) for p in selectors.polls_of(cluster_year)])

    @extend_schema(operation_id="years_polls_create", tags=TAGS, request=PollInputSerializer, responses={201: PollSerializer, **WRITE})
    def post(self, request, pk: int, year: int):
        """Create a poll, in draft (the leader unit or the organizer; from the ranking
        phase). Candidates must be member units; a nomination list that is not the top of
        the ranking needs `departure_reason`."""
        cluster_year = year_or_404(request.user, pk, year)
        require(request.user, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được tạo biểu quyết."))
        data = _poll_input(parse(PollInputSerializer, body(request)))
        poll = services.poll_create(actor=request.user, cluster_year=cluster_year, data=data)
        return poll_response(request, poll, status.HTTP_201_CREATED)


class PollDetail(APIView):
    @extend_schema(operation_id="polls_retrieve", tags=TAGS, responses={200: PollSerializer, **READ})
    def get(self, request, pk: int):
        """A poll: while open only the turnout ("6 of 9 have voted"); once closed also
        the results, who is elected, every ballot (receipt and choices, by receipt) and
        the SHA-256 digest of that list."""
        return poll_response(request, readable_poll(request, pk))

    @extend_schema(operation_id="polls_partial_update", tags=TAGS, request=PollPatchSerializer, responses={200: PollSerializer, **WRITE})
    def patch(self, request, pk: int):
        """Change a draft poll (409 once it is open: its rules are frozen)."""
        poll = managed_poll(request, pk)
        data = _poll_input(parse(PollPatchSerializer, body(request), partial=True))
        poll = services.poll_update(actor=request.user, poll=poll, data=data)
        return poll_response(request, poll)


class PollOpen(APIView):
    @extend_schema(operation_id="polls_open_create", tags=TAGS, request=None, responses={200: PollSerializer, **WRITE})
    def post(self, request, pk: int):
        """Open a draft poll (the conference phase, with the quorum present): freezes its
        rules and the voter roll (the units present now)."""
        poll = services.poll_open(actor=request.user, poll=managed_poll(request, pk))
        return poll_response(request, poll)


class PollClose(APIView):
    @extend_schema(operation_id="polls_close_create", tags=TAGS, request=None, responses={200: PollSerializer, **WRITE})
    def post(self, request, pk: int):
        """Close an open poll and publish its results, ballots and digest. An election
        sets next year's leader or deputies."""
        poll = services.poll_close(actor=request.user, poll=managed_poll(request, pk))
        return poll_response(request, poll)


class PollRunoff(APIView):
    @extend_schema(operation_id="polls_runoff_create", tags=TAGS, request=None, responses={201: PollSerializer, **WRITE})
    def post(self, request, pk: int):
        """Create the run-off of a closed poll that needs one, in draft (409 otherwise)."""
        runoff = services.runoff_create(actor=request.user, poll=managed_poll(request, pk))
        return poll_response(request, runoff, status.HTTP_201_CREATED)


class PaperTallyView(APIView):
    @extend_schema(operation_id="polls_paper_tally_update", tags=TAGS, request=PaperTallyInputSerializer,
                   responses={200: PollSerializer, **WRITE})
    def put(self, request, pk: int):
        """The counting committee's figures for an open paper poll: ballots issued,
        returned, valid, invalid and the votes per candidate (checked arithmetic)."""
        poll = managed_poll(request, pk)
        figures = dict(body(request))
        ascii_unit_ids(figures, "votes", keys=True)
        services.paper_tally_save(actor=request.user, poll=poll, figures=figures)
        return poll_response(request, poll)


class BallotCast(APIView):
    @extend_schema(operation_id="polls_ballots_create", tags=TAGS, request=BallotInputSerializer,
                   responses={201: ReceiptSerializer, **WRITE})
    def post(self, request, pk: int):
        """Cast the ballot of the user's unit (a delegate or the head of a member unit on
        the poll's roll). 409 if the unit has already voted or the poll is not open; 400
        if too many choices or a non-candidate. The answer is the receipt, to find in the
        published list once the poll is closed."""
        poll = selectors.poll_for_casting(request.user, pk)
        if poll is None:
            raise NotFound(_("Không tìm thấy biểu quyết."))
        # who may vote (403) before the body's shape (400): the poll's frozen electorate, no query
        refusal = eligibility.vote_refusal(request.user, poll, check_voted=False)
        if refusal is not None and refusal.code == eligibility.NOT_A_VOTER:
            raise refusal.error
        data = dict(body(request, allowed={"choices", "answers"}))
        ascii_unit_ids(data, "choices", keys=False)
        ascii_unit_ids(data, "answers", keys=True)
        receipt = services.ballot_cast(actor=request.user, poll=poll, choices=data.get("choices"), answers=data.get("answers"))
        return Response({"receipt": receipt}, status=status.HTTP_201_CREATED)
