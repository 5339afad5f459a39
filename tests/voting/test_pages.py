"""The pages: the phone ballot (choice, confirmation, receipt, second attempt), the
secretariat's poll management (from the ranking, paper entry, run-off), the conference
page (check-in with the code, live quorum), the room screen, receipt look-up, the
published list, and the year workspace's sections."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.org.models import Phase
from thidua.voting import services
from thidua.voting.models import Ballot, CheckIn, Poll, SealedBallot

from .conftest import build_electorate, rank_units

pytestmark = pytest.mark.django_db


def test_the_phone_ballot_choose_confirm_receipt_then_refused(electorate, client_for):
    e = electorate
    poll = e.poll(kind="flag", title="Suy tôn Cờ thi đua", candidates=e.units[:4], method="approval", max_choices=2, seats=2,
                  threshold={"base": "members", "percent": 70, "strict": False})
    client = client_for(e.heads[5])
    url = reverse("voting_ballot", args=[poll.pk])
    page = client.get(url).content.decode()
    assert all(u.name in page for u in e.units[:4]) and 'type="checkbox"' in page and 'data-max="2"' in page
    too_many = client.post(url, {"step": "confirm", "choice": [str(u.pk) for u in e.units[:3]]})
    assert too_many.status_code == 400 and "tối đa 2" in too_many.content.decode()
    confirm = client.post(url, {"step": "confirm", "choice": [str(e.units[1].pk)]})
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "Xác nhận phiếu" in html and e.units[1].name in html
    assert not Ballot.objects.filter(poll=poll).exists()  # nothing written before the confirmation
    cast = client.post(url, {"step": "cast", "choice": [str(e.units[1].pk)]})
    receipt = re.search(r'id="receipt">([A-Z2-9]{8})<', cast.content.decode()).group(1)
    assert cast.status_code == 200 and SealedBallot.objects.filter(poll=poll).count() == 1
    assert not Ballot.objects.filter(poll=poll).exists()  # sealed until the close
    again = client.post(url, {"step": "cast", "choice": [str(e.units[2].pk)]})
    assert again.status_code == 409 and "Đơn vị của bạn đã bỏ phiếu" in again.content.decode()
    assert "Đơn vị của bạn đã bỏ phiếu" in client.get(url).content.decode()
    blank = client_for(e.heads[6]).post(url, {"step": "confirm"})
    assert "Phiếu trắng" in blank.content.decode()
    e.close(poll)
    assert Ballot.objects.get(poll=poll).receipt == receipt


def test_yes_no_ballot_page(electorate, client_for):
    e = electorate
    poll = e.poll(candidates=e.units[:2], method="yes_no", max_choices=2, seats=2)
    client = client_for(e.heads[0])
    url = reverse("voting_ballot", args=[poll.pk])
    assert f'name="a_{e.units[0].pk}"' in client.get(url).content.decode()
    data = {"step": "cast", f"a_{e.units[0].pk}": "yes", f"a_{e.units[1].pk}": "no"}
    assert client.post(url, data).status_code == 200
    e.close(poll)
    assert Ballot.objects.get(poll=poll).choices == {str(e.units[0].pk): "yes", str(e.units[1].pk): "no"}


def _register(e, units, titles):
    from django.utils import timezone

    from thidua.cycle.models import Registration

    for unit in units:
        defaults = {"titles": titles, "submitted_at": timezone.now()}
        Registration.objects.update_or_create(cluster_year=e.cluster_year, unit=unit, defaults=defaults)


def _checked(page: str) -> set[int]:
    return {int(v) for v in re.findall(r'<input type="checkbox" name="candidates" value="(\d+)"[^>]*checked', page)}


def test_create_a_nomination_from_the_ranking(electorate, client_for):
    e = electorate
    rank_units(e, list(reversed(e.units)))  # a real ranking, from submitted cross sheets: the last unit first
    _register(e, e.units, ["flag_ministry"])
    client = client_for(e.leader_officer)
    url = reverse("voting_polls", args=[e.cluster.pk, 2026])
    page = client.get(url + "?kind=flag").content.decode()
    top = list(reversed(e.units))[:3]  # quota 1 flag: the top three are proposed
    assert _checked(page) == {u.pk for u in top}
    form = {"kind": "flag", "title": "Suy tôn Cờ thi đua năm 2026", "method": "approval", "max_choices": "1", "seats": "1",
            "threshold_base": "members", "threshold_percent": "70", "mode": "electronic", "candidates": [str(e.units[0].pk)]}
    refused = client.post(url, form)
    assert refused.status_code == 400 and "cần nêu lý do" in refused.content.decode()
    created = client.post(url, form | {"departure_reason": "Đơn vị xếp đầu đã được đề nghị năm trước"})
    assert created.status_code == 302
    poll = Poll.objects.get(title="Suy tôn Cờ thi đua năm 2026")
    assert poll.departure_reason.startswith("Đơn vị xếp đầu")


def test_a_nomination_ticks_only_units_registered_for_its_award_and_not_proposed_for_the_other(electorate, client_for):
    """Issue 11: for the Flag (whose catalogue rules ask a registration) the ranking's top
    units are ticked only if their registration names it; for the Certificate of Merit
    (no such rule) the ranking's top units, but never one the closed Flag poll proposed
    (one achievement, one form); leaving out such units needs no reason."""
    from thidua.cycle.models import Registration
    from thidua.voting.models import Proposal

    e = electorate
    order = list(reversed(e.units))
    rank_units(e, order)
    _register(e, order[:2], ["flag_ministry"])  # the first two aim for the Flag
    _register(e, order[2:6], ["merit_minister"])
    client = client_for(e.leader_officer)
    url = reverse("voting_polls", args=[e.cluster.pk, 2026])
    assert _checked(client.get(url + "?kind=flag").content.decode()) == {order[0].pk, order[1].pk}
    Registration.objects.filter(cluster_year=e.cluster_year, unit=order[1]).delete()  # no registration at all: not ticked either
    assert _checked(client.get(url + "?kind=flag").content.decode()) == {order[0].pk}
    assert _checked(client.get(url + "?kind=merit").content.decode()) == {u.pk for u in order[:4]}  # 2 seats + 2
    flag = e.poll(kind="flag", title="Suy tôn Cờ thi đua", candidates=order[:2], method="approval", max_choices=1, seats=1)
    Poll.objects.filter(pk=flag.pk).update(state="closed")
    Proposal.objects.create(cluster_year=e.cluster_year, kind="flag", unit=order[0], poll=flag, votes=9, percent=90)
    assert _checked(client.get(url + "?kind=merit").content.decode()) == {u.pk for u in order[1:5]}
    form = {"kind": "merit", "title": "Đề nghị tặng Bằng khen năm 2026", "method": "approval", "max_choices": "2", "seats": "2",
            "threshold_base": "members", "threshold_percent": "50", "mode": "electronic",
            "candidates": [str(u.pk) for u in order[1:3]]}  # fmt: skip
    assert client.post(url, form).status_code == 302  # the unit above was proposed for the Flag: no reason needed


def test_a_new_nomination_without_a_ranking_starts_from_the_defaults(client_for):
    """A year with no scoring at all: the page opens (no error), with the defaults of a Flag
    poll and no candidate ticked."""
    e = build_electorate(4)
    page = client_for(e.leader_officer).get(reverse("voting_polls", args=[e.cluster.pk, 2026]) + "?kind=flag")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Suy tôn đơn vị đề nghị tặng Cờ thi đua năm 2026" in html
    assert not re.findall(r'<input type="checkbox" name="candidates" value="(\d+)"[^>]*checked', html)


def test_paper_entry_and_runoff_pages(electorate, client_for):
    e = electorate
    a, b, c = e.units[:3]
    poll = e.poll(kind="merit", title="Bằng khen (phiếu giấy)", mode="paper", candidates=[a, b, c], method="approval", max_choices=2,
                  seats=2, threshold={"base": "members", "percent": 50, "strict": True})
    client = client_for(e.leader_officer)
    page = client.get(reverse("voting_poll", args=[poll.pk])).content.decode()
    assert "Nhập kết quả kiểm phiếu giấy" in page
    bad = {"issued": "10", "returned": "10", "valid": "8", "invalid": "1", f"v_{a.pk}_votes": "8", f"v_{b.pk}_votes": "6",
           f"v_{c.pk}_votes": "6"}
    response = client.post(reverse("voting_poll_paper", args=[poll.pk]), bad)
    assert response.status_code == 400 and "phải bằng số phiếu thu về" in response.content.decode()
    ok = bad | {"valid": "10", "invalid": "0"}
    assert client.post(reverse("voting_poll_paper", args=[poll.pk]), ok).status_code == 302
    assert client.post(reverse("voting_poll_close", args=[poll.pk]), {"confirmed": "1"}).status_code == 302
    page = client.get(reverse("voting_poll", args=[poll.pk])).content.decode()
    assert "Tạo vòng bỏ phiếu lại" in page  # A 8, then B and C tied at 6 for the last seat
    response = client.post(reverse("voting_poll_runoff", args=[poll.pk]))
    runoff = Poll.objects.get(parent=poll)
    assert response.status_code == 302 and response["Location"] == reverse("voting_poll", args=[runoff.pk])
    assert runoff.mode == "paper" and "vòng 2" in runoff.title


def test_conference_page_checkin_with_the_code_and_live_quorum(client_for):
    e = build_electorate(6)
    conference = services.conference_of(e.cluster_year)
    client = client_for(e.heads[3])
    page = client.get(reverse("voting_conference", args=[e.cluster.pk, 2026])).content.decode()
    assert conference.checkin_code not in page  # the code is shown in the room, not to the delegates' phones
    assert 'name="code"' in page
    url = reverse("voting_checkin", args=[e.cluster.pk, 2026])
    wrong = client.post(url, {"unit": e.units[3].pk, "code": "nope"}, HTTP_HX_REQUEST="true")
    assert wrong.status_code == 200 and "Mã điểm danh không đúng" in wrong.content.decode()
    right = client.post(url, {"unit": e.units[3].pk, "code": conference.checkin_code}, HTTP_HX_REQUEST="true")
    assert "1/6" in right.content.decode() and CheckIn.objects.filter(unit=e.units[3]).exists()
    quorum = client.get(reverse("voting_quorum", args=[e.cluster.pk, 2026])).content.decode()
    assert 'hx-trigger="every 3s"' in quorum and "1/6" in quorum
    secretariat = client_for(e.leader_officer).get(reverse("voting_conference", args=[e.cluster.pk, 2026])).content.decode()
    assert conference.checkin_code in secretariat


def test_room_screen_receipt_and_published_list(electorate, client_for):
    e = electorate
    poll = e.poll(kind="leader", title="Bầu Cụm trưởng năm 2027", candidates=e.units[1:3], method="single", max_choices=1, seats=1,
                  threshold={"base": "members", "percent": 50, "strict": True})
    receipts = [e.cast(poll, i, choices=[e.units[1 if i < 7 else 2].pk]) for i in range(10)]
    screen = client_for(e.heads[9]).get(reverse("voting_screen_status", args=[poll.pk])).content.decode()
    assert "10/10" in screen and 'hx-trigger="every 2s"' in screen and "td-bar-row" not in screen
    e.close(poll)
    screen = client_for(e.heads[9]).get(reverse("voting_screen_status", args=[poll.pk])).content.decode()
    assert "td-bar-row" in screen and "hx-trigger" not in screen and "Đơn vị trúng cử Cụm trưởng" in screen
    lookup = client_for(e.heads[8]).get(reverse("voting_receipt", args=[poll.pk]) + f"?ma={receipts[8].lower()}").content.decode()
    assert "có trong danh sách công bố" in lookup and e.units[2].name in lookup
    response = client_for(e.heads[0]).get(reverse("voting_ballots_json", args=[poll.pk]))
    data = json.loads(response.content)
    text = json.dumps(data["ballots"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(text.encode()).hexdigest() == data["digest"] == Poll.objects.get(pk=poll.pk).digest
    assert sorted(b["receipt"] for b in data["ballots"]) == sorted(receipts)


def test_every_download_of_the_vote_is_private(electorate, client_for):
    """The ballot list, the vote-counting minutes and the conference's documents belong to
    the cluster: never kept by a shared cache or the browser's disk cache."""
    e = electorate
    poll = e.poll(candidates=e.units[:2], method="single", max_choices=1, seats=1)
    e.cast(poll, 0, choices=[e.units[0].pk])
    e.close(poll)
    client = client_for(e.heads[3])
    poll_part = "Bieu-quyet-thu-nghiem"  # the poll's title, not its id
    downloads = {
        reverse("voting_ballots_json", args=[poll.pk]): ("application/json", f"Cum-thi-dua-so-7_2026_Danh-sach-phieu_{poll_part}.json"),
        reverse("voting_counting_docx", args=[poll.pk]): ("document", f"Cum-thi-dua-so-7_2026_Bien-ban-kiem-phieu_{poll_part}.docx"),
        reverse("voting_minutes_docx", args=[e.cluster.pk, 2026]): ("document", "Cum-thi-dua-so-7_2026_Bien-ban-Hoi-nghi-tong-ket.docx"),
        reverse("voting_invitation_docx", args=[e.cluster.pk, 2026]): ("document", "Cum-thi-dua-so-7_2026_Giay-moi-Hoi-nghi-tong-ket.docx"),
    }
    for url, (content_type, filename) in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert response["Content-Type"].endswith(content_type)
        assert response["Content-Disposition"].startswith(f'attachment; filename="{filename}"; filename*=UTF-8\'\'C%E1%BB%A5m')
    assert json.loads(client.get(next(iter(downloads))).content)["digest"] == Poll.objects.get(pk=poll.pk).digest


def test_the_workspace_lists_the_conference_and_the_polls(electorate, client_for):
    e = electorate
    e.poll(open_it=False)
    page = client_for(e.heads[4]).get(reverse("cluster_year_detail", args=[e.cluster.pk, 2026])).content.decode()
    assert "Hội nghị tổng kết" in page and "10/10 đơn vị có mặt" in page and reverse("voting_polls", args=[e.cluster.pk, 2026]) in page


def test_poll_list_queries_do_not_grow_with_polls(electorate, client_for):
    e = electorate
    client = client_for(e.organizer_officer)
    url = reverse("voting_polls", args=[e.cluster.pk, 2026])
    e.poll(open_it=False)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        e.poll(open_it=False)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_pages_of_a_year_before_the_conference_say_so(client_for):
    e = build_electorate(3, phase=Phase.RANKING)
    poll = e.poll(open_it=False)
    response = client_for(e.leader_officer).post(reverse("voting_poll_open", args=[poll.pk]), {"confirmed": "1"})
    assert response.status_code == 409 and "Hội nghị tổng kết" in response.content.decode()
