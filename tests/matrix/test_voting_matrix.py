"""Who may open which page and call which endpoint of the conference and the vote
(thidua.voting: conference, check-in, delegates, polls, ballots, room screen, receipts,
documents; API v1 "The conference and the vote"). Every row is tried by every role of the
`world` fixture (tests/conftest.py ROLES) in the row's state, rolled back to for each case,
and must answer exactly the status in its table (tests/matrix/helpers.py check()). `setup` puts the year and its polls in a state first.

API: 401 anonymous, 404 invisible, 403 forbidden, 409 refused by the state. Pages:
anonymous are sent to sign in (302), 404 invisible, 403 forbidden, 409 refused by the
state, 302 after a write. The tests at the end fail until every route of
thidua.voting.urls and thidua.api.urls_voting has a row."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.urls import URLPattern, resolve, reverse
from django.utils import timezone

from tests.conftest import World
from tests.matrix.helpers import Row, check_roles, statuses
from thidua.api import urls_voting
from thidua.org.models import ClusterYear, Phase
from thidua.voting import sealing, services
from thidua.voting import urls as voting_urls
from thidua.voting.models import Ballot, CheckIn, Delegate, DelegateNomination, Participation, Poll, PollCandidate, SealedBallot

GROUPS = {
    "managers": ["admin", "organizer"],
    "leader_staff": ["leader_officer", "leader_head"],
    "secretariat": ["leader_officer", "leader_head", "deputy_officer"],
    # heads of member units: they check their unit in and vote for it (an account with the
    # delegate role votes only once its unit named it: see named_delegate)
    "voters": ["leader_head", "member_head"],
    # officers and heads of member units: they name their own unit's delegates, nobody else's
    "unit_actors": ["leader_officer", "leader_head", "deputy_officer", "member_officer", "member_head"],
    "member_staff": ["member_officer", "member_head"],
    "outsiders": ["other_organizer", "outside_officer"],
}
api, web = statuses(GROUPS)


# --- states ----------------------------------------------------------------------------------------------
def phase(value: str) -> Callable[[World], None]:
    def setup(w: World) -> None:
        ClusterYear.objects.filter(pk=w.cluster_year.pk).update(phase=value)
        w.cluster_year.refresh_from_db()

    return setup


def present(w: World) -> None:
    phase(Phase.CONFERENCE)(w)
    conference = services.conference_of(w.cluster_year)
    for unit in (w.leader_unit, w.deputy_unit, w.member_unit):
        CheckIn.objects.get_or_create(conference=conference, unit=unit)
    services.present_recount(w.cluster_year)  # the count the conference keeps of them


def units(w: World):
    return [w.leader_unit, w.deputy_unit, w.member_unit]


def make_poll(w: World, *, state: str = "draft", mode: str = "electronic", seats: int = 1, candidates=None) -> Poll:
    poll = Poll.objects.create(cluster_year=w.cluster_year, kind="other", title="Biểu quyết thử", method="approval", max_choices=1,
                               seats=seats, threshold_base="valid", threshold_percent=Decimal(0), threshold_strict=False, mode=mode)
    for i, unit in enumerate(candidates or units(w)):
        PollCandidate.objects.create(poll=poll, unit=unit, order=i)
    if state != "draft":
        ids = sorted(u.pk for u in units(w))
        Poll.objects.filter(pk=poll.pk).update(state="open", member_ids=ids, roll=ids, opened_at=timezone.now())
    return Poll.objects.get(pk=poll.pk)


def draft_poll(w: World) -> None:
    present(w)
    make_poll(w)


def draft_at_ranking(w: World) -> None:
    phase(Phase.RANKING)(w)
    make_poll(w)


def open_poll(w: World) -> Poll:
    present(w)
    return make_poll(w, state="open")


def open_paper_poll(w: World) -> None:
    present(w)
    make_poll(w, state="open", mode="paper")


def voted(w: World) -> None:
    """An open poll where the leader and the member unit have voted."""
    poll = open_poll(w)
    services.ballot_cast(actor=w.leader_head, poll=poll, choices=[w.leader_unit.pk])
    services.ballot_cast(actor=w.member_head, poll=poll, choices=[w.deputy_unit.pk])


def closed_with_tie(w: World) -> None:
    """Closed: one vote each for the leader and the deputy unit, one seat: a run-off is needed."""
    voted(w)
    services.poll_close(actor=w.organizer_officer, poll=latest_poll(w))


def closed_decided(w: World) -> None:
    poll = open_poll(w)
    services.ballot_cast(actor=w.leader_head, poll=poll, choices=[w.member_unit.pk])
    services.poll_close(actor=w.organizer_officer, poll=poll)


def named_delegate(w: World) -> None:
    """An open poll; the member unit's head had named member_delegate its voting delegate."""
    present(w)
    Delegate.objects.update_or_create(
        conference=services.conference_of(w.cluster_year), unit=w.member_unit, kind="voting",
        defaults={"user": w.member_delegate, "full_name": "Nguyễn Văn Đại", "authorisation": "Giấy ủy quyền số 1/GUQ",
                  "named_by": w.member_head, "confirmed_by": w.member_head, "confirmed_at": timezone.now()},
    )
    make_poll(w, state="open")


def nominated(w: World) -> None:
    """The member unit's officer proposed member_delegate; the head has not confirmed yet."""
    phase(Phase.CONFERENCE)(w)
    DelegateNomination.objects.update_or_create(
        conference=services.conference_of(w.cluster_year), unit=w.member_unit,
        defaults={"user": w.member_delegate, "full_name": "Nguyễn Văn Đại", "authorisation": "Giấy ủy quyền số 1/GUQ",
                  "proposed_by": w.member_officer},
    )


def latest_poll(w: World) -> Poll:
    return Poll.objects.filter(cluster_year=w.cluster_year).order_by("-pk").first()


# --- bodies ---------------------------------------------------------------------------------------------
def own_unit(w: World, user) -> int:
    return user.unit_id if user is not None and user.unit_id else w.member_unit.pk


def poll_body(w, user) -> dict:
    return {"kind": "other", "title": "Thông qua danh sách", "method": "yes_no", "max_choices": 3, "seats": 3,
            "candidates": [u.pk for u in units(w)], "threshold": {"base": "valid", "percent": 50, "strict": True}}


def poll_form(w, user) -> dict:
    return {"kind": "other", "title": "Thông qua danh sách", "method": "approval", "max_choices": "1", "seats": "1",
            "threshold_base": "members", "threshold_percent": "50", "threshold_strict": "on", "mode": "electronic",
            "candidates": [str(u.pk) for u in units(w)]}


def paper_figures(w, user) -> dict:
    return {"issued": 3, "returned": 3, "valid": 3, "invalid": 0, "votes": {str(w.member_unit.pk): 2, str(w.leader_unit.pk): 1}}


def paper_form(w, user) -> dict:
    return {"issued": "3", "returned": "3", "valid": "3", "invalid": "0", f"v_{w.member_unit.pk}_votes": "2",
            f"v_{w.leader_unit.pk}_votes": "1", f"v_{w.deputy_unit.pk}_votes": "0"}


def checkin_form(w, user) -> dict:
    return {"unit": own_unit(w, user), "code": services.conference_of(w.cluster_year).checkin_code}


def delegate_body(w, user) -> dict:
    return {"user": w.member_delegate.pk, "authorisation": "Giấy ủy quyền số 1/GUQ"}


V1 = "/api/v1"


def year_api(path: str = "", year: int = 2026) -> Callable[[World], str]:
    return lambda w: f"{V1}/clusters/{w.cluster.pk}/years/{year}/{path}"


def poll_api(path: str = "") -> Callable[[World], str]:
    return lambda w: f"{V1}/polls/{latest_poll(w).pk}/{path}"


def page(name: str, year: int = 2026) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.cluster.pk, year])


def kind_page(name: str, kind: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.cluster.pk, 2026, kind])


def poll_page(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[latest_poll(w).pk])


def sign_page(kind: str) -> Callable[[World], str]:
    return lambda w: reverse("voting_conference_digital_sign", args=[w.cluster.pk, 2026, kind])


def numbered_invitation(w: World) -> None:
    if services.conference_of(w.cluster_year).invitation_id:  # _covered() runs every setup in turn
        return
    services.conference_document_issue(actor=w.leader_officer, cluster_year=w.cluster_year, kind="invitation")


def signed_invitation(w: World) -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from thidua.documents.models import SignedDocument

    numbered_invitation(w)
    conference = services.conference_of(w.cluster_year)
    row = SignedDocument(cluster_year=w.cluster_year, kind="giay-moi", issued_document=conference.invitation, title="Giấy mời số 01",
                         unit=w.leader_unit, signed_by=w.leader_head, signed_at=timezone.now(), certificate_subject="CN=Thử",
                         certificate_issuer="CN=CA thử", certificate_serial="01", sha256="0" * 64)
    row.file.save("signed.pdf", ContentFile(b"%PDF-1.7 signed"), save=False)
    row.save()


def signed_copy_url(w: World) -> str:
    from thidua.documents.models import SignedDocument

    row = SignedDocument.objects.filter(cluster_year=w.cluster_year).order_by("-pk").first()
    return reverse("voting_signed_pdf", args=[w.cluster.pk, 2026, row.pk if row else 999999])


ONE_CHOICE = {"choices": []}

# --- the API ------------------------------------------------------------------------------------------------
API_ROWS: list[Row] = [
    Row("conference: read", "GET", year_api("conference/"), api(200, outsiders=404)),
    Row("conference: read, a year that does not exist", "GET", year_api("conference/", 2030), api(404)),
    Row("conference: write", "PUT", year_api("conference/"), api(403, managers=200, leader_staff=200, outsiders=404),
        body=lambda w, u: {"place": "Thanh Hóa", "guests": ["Đại diện Bộ"], "agenda": ["Tổng kết"], "date": "2026-12-20"}),
    Row("conference: write once the year is closed", "PUT", year_api("conference/"),
        api(403, managers=409, leader_staff=409, outsiders=404), body=lambda w, u: {"place": "Thanh Hóa"}, setup=phase(Phase.CLOSED)),
    Row("check-in: the own unit", "POST", year_api("conference/checkin/"),
        api(403, managers=200, secretariat=200, voters=200, outsiders=404), body=checkin_form, setup=phase(Phase.CONFERENCE)),
    Row("check-in: the own unit without the code", "POST", year_api("conference/checkin/"),
        api(403, managers=200, voters=400, secretariat=200, outsiders=404), body=lambda w, u: {"unit": own_unit(w, u)},
        setup=phase(Phase.CONFERENCE)),
    Row("delegates: one unit", "GET", lambda w: year_api(f"conference/delegates/{w.member_unit.pk}/")(w), api(200, outsiders=404),
        setup=nominated),
    Row("delegates: name the member unit's", "PUT", lambda w: year_api(f"conference/delegates/{w.member_unit.pk}/")(w),
        api(403, member_head=200, member_officer=202, outsiders=404), body=delegate_body, setup=phase(Phase.CONFERENCE)),
    Row("delegates: name while a poll is open", "PUT", lambda w: year_api(f"conference/delegates/{w.member_unit.pk}/")(w),
        api(403, member_staff=409, outsiders=404), body=delegate_body, setup=open_poll),
    Row("delegates: confirm the officer's nomination", "PUT", lambda w: year_api(f"conference/delegates/{w.member_unit.pk}/")(w),
        api(403, member_head=200, outsiders=404), body=lambda w, u: {"confirm": True}, setup=nominated),
    Row("check-in: another unit", "POST", year_api("conference/checkin/"),
        api(403, managers=200, secretariat=200, outsiders=404), body=lambda w, u: {"unit": w.deputy_unit.pk},
        setup=phase(Phase.CONFERENCE)),
    Row("check-in: before the conference", "POST", year_api("conference/checkin/"),
        api(403, managers=409, secretariat=409, voters=409, outsiders=404), body=lambda w, u: {"unit": own_unit(w, u)}),
    Row("proposals: list", "GET", year_api("conference/proposals/"), api(200, outsiders=404)),
    Row("polls: list", "GET", year_api("polls/"), api(200, outsiders=404), setup=draft_poll),
    Row("polls: create at the ranking", "POST", year_api("polls/"), api(403, managers=201, leader_staff=201, outsiders=404),
        body=poll_body, setup=phase(Phase.RANKING)),
    Row("polls: create before the ranking", "POST", year_api("polls/"), api(403, managers=409, leader_staff=409, outsiders=404),
        body=poll_body),
    Row("poll: read a draft", "GET", poll_api(), api(200, outsiders=404), setup=draft_poll),
    Row("poll: read an open poll", "GET", poll_api(), api(200, outsiders=404), setup=voted),
    Row("poll: read a closed poll", "GET", poll_api(), api(200, outsiders=404), setup=closed_decided),
    Row("poll: change a draft", "PATCH", poll_api(), api(403, managers=200, leader_staff=200, outsiders=404),
        body=lambda w, u: {"title": "Câu hỏi mới"}, setup=draft_at_ranking),
    Row("poll: change an open poll", "PATCH", poll_api(), api(403, managers=409, leader_staff=409, outsiders=404),
        body=lambda w, u: {"title": "Câu hỏi mới"}, setup=open_poll),
    Row("poll: open", "POST", poll_api("open/"), api(403, managers=200, leader_staff=200, outsiders=404), setup=draft_poll),
    Row("poll: open before the conference", "POST", poll_api("open/"), api(403, managers=409, leader_staff=409, outsiders=404),
        setup=draft_at_ranking),
    Row("poll: open again", "POST", poll_api("open/"), api(403, managers=409, leader_staff=409, outsiders=404), setup=open_poll),
    Row("poll: close", "POST", poll_api("close/"), api(403, managers=200, leader_staff=200, outsiders=404), setup=voted),
    Row("poll: close a draft", "POST", poll_api("close/"), api(403, managers=409, leader_staff=409, outsiders=404), setup=draft_poll),
    Row("ballots: cast", "POST", poll_api("ballots/"), api(403, voters=201, outsiders=404),
        body=lambda w, u: {"choices": [w.member_unit.pk]}, setup=open_poll),
    Row("ballots: cast a blank ballot", "POST", poll_api("ballots/"), api(403, voters=201, outsiders=404),
        body=lambda w, u: ONE_CHOICE, setup=open_poll),
    Row("ballots: cast twice", "POST", poll_api("ballots/"), api(403, voters=409, outsiders=404),
        body=lambda w, u: {"choices": [w.member_unit.pk]}, setup=voted),
    Row("ballots: too many choices", "POST", poll_api("ballots/"), api(403, voters=400, outsiders=404),
        body=lambda w, u: {"choices": [w.member_unit.pk, w.leader_unit.pk]}, setup=open_poll),
    Row("ballots: not a candidate", "POST", poll_api("ballots/"), api(403, voters=400, outsiders=404),
        body=lambda w, u: {"choices": [w.outside_unit.pk]}, setup=open_poll),
    Row("ballots: a draft", "POST", poll_api("ballots/"), api(403, voters=409, outsiders=404),
        body=lambda w, u: {"choices": [w.member_unit.pk]}, setup=draft_poll),
    Row("ballots: a paper poll", "POST", poll_api("ballots/"), api(403, voters=409, outsiders=404),
        body=lambda w, u: {"choices": [w.member_unit.pk]}, setup=open_paper_poll),
    Row("run-off: create", "POST", poll_api("runoff/"), api(403, managers=201, leader_staff=201, outsiders=404), setup=closed_with_tie),
    Row("run-off: not needed", "POST", poll_api("runoff/"), api(403, managers=409, leader_staff=409, outsiders=404),
        setup=closed_decided),
    Row("paper tally: enter", "PUT", poll_api("paper-tally/"), api(403, managers=200, leader_staff=200, outsiders=404),
        body=paper_figures, setup=open_paper_poll),
    Row("paper tally: an electronic poll", "PUT", poll_api("paper-tally/"), api(403, managers=409, leader_staff=409, outsiders=404),
        body=paper_figures, setup=open_poll),
    Row("membership: replace while a poll is open", "PUT", year_api(), api(403, managers=409, outsiders=404), setup=open_poll,
        body=lambda w, u: {"members": [{"unit": w.leader_unit.pk, "role": "leader"}, {"unit": w.member_unit.pk, "role": "member"}]}),
    # last: once the member unit named its delegate, its head no longer votes (the setups above cast as the head)
    Row("delegates: list", "GET", year_api("conference/delegates/"), api(200, outsiders=404), setup=named_delegate),
    Row("ballots: cast by the unit's named delegate", "POST", poll_api("ballots/"),
        api(403, leader_head=201, member_delegate=201, outsiders=404), body=lambda w, u: {"choices": [w.member_unit.pk]},
        setup=named_delegate),
]

# --- the pages ------------------------------------------------------------------------------------------------
PAGE_ROWS: list[Row] = [
    Row("conference: page", "GET", page("voting_conference"), web(200, outsiders=404), setup=present),
    Row("conference: page of a year that does not exist", "GET", page("voting_conference", 2030), web(404)),
    Row("conference: documents page", "GET", page("voting_conference_documents"), web(200, outsiders=404), setup=present),
    Row("conference: documents page of a year that does not exist", "GET", page("voting_conference_documents", 2030), web(404)),
    Row("conference: save", "POST", page("voting_conference"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"place": "Thanh Hóa", "date": "20/12/2026", "guests": "Đại diện Bộ\nLãnh đạo tỉnh"}),
    Row("check-in", "POST", page("voting_checkin"), web(403, managers=302, secretariat=302, voters=302, outsiders=404),
        body=checkin_form, setup=phase(Phase.CONFERENCE)),
    Row("check-in with a wrong code", "POST", page("voting_checkin"), web(403, managers=302, voters=400, secretariat=302, outsiders=404),
        body=lambda w, u: {"unit": own_unit(w, u), "code": "x"}, setup=phase(Phase.CONFERENCE)),
    Row("check-in before the conference", "POST", page("voting_checkin"),
        web(403, managers=409, secretariat=409, voters=409, outsiders=404), body=checkin_form),
    Row("quorum", "GET", page("voting_quorum"), web(200, outsiders=404), setup=present),
    Row("check-in code: new", "POST", page("voting_new_code"), web(403, managers=302, secretariat=302, outsiders=404)),
    Row("delegates: an observer of the own unit", "POST", page("voting_delegate"), web(403, unit_actors=302, outsiders=404),
        body=lambda w, u: {"unit": own_unit(w, u), "kind": "observer", "full_name": "Nguyễn Văn An", "position": "Chuyên viên"}),
    Row("delegates: the member unit's voting delegate", "POST", page("voting_delegate"),
        web(403, member_staff=302, outsiders=404), setup=phase(Phase.CONFERENCE),
        body=lambda w, u: {"unit": w.member_unit.pk, "kind": "voting", "user": w.member_delegate.pk, "full_name": "Nguyễn Văn Đại",
                           "authorisation": "Giấy ủy quyền số 1/GUQ"}),
    Row("delegates: an observer while a poll is open", "POST", page("voting_delegate"), web(403, unit_actors=409, outsiders=404),
        body=lambda w, u: {"unit": own_unit(w, u), "kind": "observer", "full_name": "Nguyễn Văn An"}, setup=open_poll),
    Row("delegates: the head confirms", "POST", page("voting_delegate_confirm"),
        web(403, member_head=302, leader_head=409, outsiders=404), setup=nominated),
    Row("invitation .docx", "GET", page("voting_invitation_docx"), web(200, outsiders=404)),
    Row("minutes .docx", "GET", page("voting_minutes_docx"), web(200, outsiders=404), setup=closed_decided),
    Row("number the invitation", "POST", page("voting_conference_number"), web(403, admin=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"kind": "invitation"}),
    Row("invitation PDF", "GET", page("voting_invitation_pdf"), web(200, outsiders=404)),
    Row("invitation preview", "GET", page("voting_invitation_preview"), web(200, outsiders=404)),
    Row("minutes PDF", "GET", page("voting_minutes_pdf"), web(200, outsiders=404), setup=closed_decided),
    Row("minutes preview", "GET", page("voting_minutes_preview"), web(200, outsiders=404), setup=closed_decided),
    # the conference's further documents (voting.documents_more): one route per format, the kind in the path
    *[Row(f"document preview: {kind}", "GET", kind_page("voting_document_preview", kind), web(200, outsiders=404),
          setup=closed_decided)
      for kind in ("giay-uy-quyen", "thong-bao-ket-qua", "to-trinh", "danh-sach", "quyet-dinh")],
    Row("document .docx: the delegate's authorisation", "GET", kind_page("voting_document_docx", "giay-uy-quyen"),
        web(200, outsiders=404)),
    Row("document PDF: the submission", "GET", kind_page("voting_document_pdf", "to-trinh"), web(200, outsiders=404)),
    Row("document preview: an achievement report with no unit proposed", "GET",
        kind_page("voting_document_preview", "bao-cao-thanh-tich"), web(404)),
    Row("document preview: a kind that does not exist", "GET", kind_page("voting_document_preview", "khong-co"), web(404)),
    # numbered in the issuer's register (cycle.numbered, the year's one flow), then signed
    Row("document number: the notice of results", "POST", kind_page("voting_document_number", "thong-bao-ket-qua"),
        web(403, admin=302, leader_staff=302, outsiders=404), body=lambda w, u: {"number": "", "confirmed": "1"}),
    Row("document number: the decision (numbered by the organizer's văn thư)", "POST",
        kind_page("voting_document_number", "quyet-dinh"), web(409, outsiders=404), body=lambda w, u: {"confirmed": "1"}),
    Row("document number: the list (annexed to the submission)", "POST", kind_page("voting_document_number", "danh-sach"),
        web(404), body=lambda w, u: {"confirmed": "1"}),
    Row("document signature before it is numbered", "POST", kind_page("voting_document_sign", "to-trinh"), web(409, outsiders=404)),
    # Only the issuing (leader) unit's head signs; with no certificate in the form the page says so (302).
    Row("sign the invitation", "POST", sign_page("giay-moi"), web(403, leader_head=302, outsiders=404), setup=numbered_invitation),
    Row("sign the minutes before they are numbered", "POST", sign_page("bien-ban-hoi-nghi"), web(409, outsiders=404)),
    Row("the signed invitation", "GET", signed_copy_url, web(200, outsiders=404), setup=signed_invitation),
    Row("polls: page", "GET", page("voting_polls"), web(200, outsiders=404), setup=draft_poll),
    Row("polls: create", "POST", page("voting_polls"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=poll_form, setup=phase(Phase.RANKING)),
    Row("polls: create before the ranking", "POST", page("voting_polls"), web(403, managers=409, leader_staff=409, outsiders=404),
        body=poll_form),
    Row("poll: page", "GET", poll_page("voting_poll"), web(200, outsiders=404), setup=voted),
    Row("poll: page once closed", "GET", poll_page("voting_poll"), web(200, outsiders=404), setup=closed_with_tie),
    Row("poll: edit", "POST", poll_page("voting_poll_edit"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=poll_form, setup=draft_at_ranking),
    Row("poll: delete", "POST", poll_page("voting_poll_delete"), web(403, managers=302, leader_staff=302, outsiders=404),
        setup=draft_at_ranking),
    Row("poll: open", "POST", poll_page("voting_poll_open"), web(403, managers=302, leader_staff=302, outsiders=404), setup=draft_poll),
    Row("poll: open without the quorum", "POST", poll_page("voting_poll_open"), web(403, managers=409, leader_staff=409, outsiders=404),
        setup=lambda w: (phase(Phase.CONFERENCE)(w), make_poll(w))),
    Row("poll: close", "POST", poll_page("voting_poll_close"), web(403, managers=302, leader_staff=302, outsiders=404), setup=voted),
    Row("poll: run-off", "POST", poll_page("voting_poll_runoff"), web(403, managers=302, leader_staff=302, outsiders=404),
        setup=closed_with_tie),
    Row("poll: paper tally", "POST", poll_page("voting_poll_paper"), web(403, managers=302, leader_staff=302, outsiders=404),
        body=paper_form, setup=open_paper_poll),
    Row("ballot: page", "GET", poll_page("voting_ballot"), web(403, voters=200, outsiders=404), setup=open_poll),
    Row("ballot: confirm", "POST", poll_page("voting_ballot"), web(403, voters=200, outsiders=404),
        body=lambda w, u: {"step": "confirm", "choice": [str(w.member_unit.pk)]}, setup=open_poll),
    Row("ballot: cast", "POST", poll_page("voting_ballot"), web(403, voters=200, outsiders=404),
        body=lambda w, u: {"step": "cast", "choice": [str(w.member_unit.pk)]}, setup=open_poll),
    Row("ballot: cast twice", "POST", poll_page("voting_ballot"), web(403, voters=409, outsiders=404),
        body=lambda w, u: {"step": "cast", "choice": [str(w.member_unit.pk)]}, setup=voted),
    Row("room screen", "GET", poll_page("voting_screen"), web(200, outsiders=404), setup=voted),
    Row("room screen: status", "GET", poll_page("voting_screen_status"), web(200, outsiders=404), setup=voted),
    Row("receipt look-up", "GET", lambda w: poll_page("voting_receipt")(w) + "?ma=ABCDEFGH", web(200, outsiders=404),
        setup=closed_decided),
    Row("ballots .json once closed", "GET", poll_page("voting_ballots_json"), web(200, outsiders=404), setup=closed_decided),
    Row("ballots .json while open", "GET", poll_page("voting_ballots_json"), web(409, outsiders=404), setup=voted),
    Row("counting minutes .docx", "GET", poll_page("voting_counting_docx"), web(200, outsiders=404), setup=closed_decided),
    Row("counting minutes .docx while open", "GET", poll_page("voting_counting_docx"), web(409, outsiders=404), setup=voted),
    Row("counting minutes PDF", "GET", poll_page("voting_counting_pdf"), web(200, outsiders=404), setup=closed_decided),
    Row("counting minutes preview", "GET", poll_page("voting_counting_preview"), web(200, outsiders=404), setup=closed_decided),
    Row("counting minutes: number", "POST", poll_page("voting_counting_number"), web(403, admin=302, leader_staff=302, outsiders=404),
        body=lambda w, u: {"number": "", "confirmed": "1"}, setup=closed_decided),
    Row("counting minutes: number while open", "POST", poll_page("voting_counting_number"), web(409, outsiders=404),
        body=lambda w, u: {"confirmed": "1"}, setup=voted),
    Row("counting minutes: signature before numbered", "POST", poll_page("voting_counting_sign"), web(409, outsiders=404),
        setup=closed_decided),
    Row("counting minutes PDF while open", "GET", poll_page("voting_counting_pdf"), web(409, outsiders=404), setup=voted),
]


class TestApi:
    @pytest.mark.parametrize("case", API_ROWS, indirect=True, ids=str)
    def test_api(self, case, db):
        check_roles(case)


@pytest.fixture(scope="module", autouse=True)
def _media(tmp_path_factory):
    # Module-wide: the rows' setups (built once per row, before any function fixture) write files.
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class TestPages:
    @pytest.mark.parametrize("case", PAGE_ROWS, indirect=True, ids=str)
    def test_pages(self, case, db):
        check_roles(case)


def test_results_never_show_while_a_poll_is_open(world, client_for, api_for):
    voted(world)
    poll = latest_poll(world)
    for role, user in world.users().items():
        if role in GROUPS["outsiders"]:
            continue
        data = api_for(user).get(f"{V1}/polls/{poll.pk}/").json()
        assert data["turnout"] == {"voted": 2, "entitled": 3, "present": 3}
        assert not {"results", "elected", "ballots", "digest", "counts"} & set(data), role
        for name in ("voting_poll", "voting_screen", "voting_screen_status"):
            html = client_for(user).get(reverse(name, args=[poll.pk])).content.decode()
            assert "td-bar-row" not in html and "SHA-256" not in html, (role, name)
    assert not Ballot.objects.filter(poll=poll).exists()  # sealed until the close
    # Even with a real receipt (read here with the sealing secret) the look-up shows nothing yet.
    poll = Poll.objects.get(pk=poll.pk)
    sealed = SealedBallot.objects.filter(poll=poll).values_list("nonce", "ciphertext")
    receipts = [b["receipt"] for b in sealing.unseal_all(poll_id=poll.pk, salt=poll.seal_salt, rows=sealed)]
    html = client_for(world.organizer_officer).get(reverse("voting_receipt", args=[poll.pk]) + f"?ma={receipts[0]}").content.decode()
    assert 'id="lookup-result"' not in html and "được công bố khi biểu quyết kết thúc" in html
    assert Participation.objects.filter(poll=poll).count() == 2


def _covered(world, rows) -> set[tuple[str, str]]:
    covered = set()
    for row in rows:
        if row.setup:
            row.setup(world)
        covered.add((resolve(row.url(world).split("?")[0]).url_name, row.method))
    return covered


def test_every_endpoint_has_a_row(world):
    covered = _covered(world, API_ROWS)
    missing = []
    for pattern in urls_voting.urlpatterns:
        assert isinstance(pattern, URLPattern)
        view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if hasattr(view_class, method.lower()) and (pattern.name, method) not in covered:
                missing.append(f"{method} {pattern.pattern}")
    assert not missing, f"Add rows to API_ROWS for: {missing}"


def test_every_page_has_a_row(world):
    names = {name for name, _method in _covered(world, PAGE_ROWS)}
    missing = [str(p.pattern) for p in voting_urls.urlpatterns if p.name not in names]
    assert not missing, f"Add rows to PAGE_ROWS for: {missing}"
