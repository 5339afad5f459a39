"""Numbering from the pages: the number the leader unit's văn thư gave (checked against
the register: a duplicate is a 409 with a clear message and nothing saved), the next
number of the register shown with a preview of the whole document before it is issued,
and the confirmation step (decision 0012) before any number is taken."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from thidua.cycle import services
from thidua.cycle.models import ConferencePlan, Covenant
from thidua.documents.models import IssuedDocument
from thidua.documents.numbering import document_number_issue
from thidua.org.models import Phase

from .conftest import covenant_phase, set_phase

pytestmark = pytest.mark.django_db


def url(name, world):
    return reverse(name, args=[world.cluster.pk, world.cluster_year.year])


def frozen(world):
    covenant_phase(world)
    for unit in (world.leader_unit, world.deputy_unit, world.member_unit):
        services.covenant_sign(actor=UserFactory(unit=unit, is_unit_head=True), cluster_year=world.cluster_year, unit=unit)


def take(world, number, doc_type="GƯTĐ"):
    """A number the leader unit's register already holds (another document of the unit)."""
    return document_number_issue(actor=world.leader_officer, unit=world.leader_unit, doc_type=doc_type,
                                 issuer_symbol=world.leader_unit.symbol, date=dt.date(2026, 3, 1), subject="Văn bản khác", number=number)


def test_the_page_shows_the_next_number_and_a_preview_with_it(world, client_for):
    frozen(world)
    take(world, 4)
    client = client_for(world.leader_officer)
    symbol = world.leader_unit.symbol
    html = client.get(url("cycle_covenant", world)).content.decode()
    assert f"<strong>05/GƯTĐ-{symbol}</strong>" in html and "Số do văn thư cấp" in html
    preview = client.get(url("cycle_covenant_preview", world) + "?so=5").content.decode()
    assert f"Số: 05/GƯTĐ-{symbol}" in preview and "DỰ THẢO" in preview  # the number it would get, still a draft
    assert not Covenant.objects.get().issued_document_id  # previewing issues nothing
    # a number that is not one previews the unnumbered draft
    assert "Số: 05/" not in client.get(url("cycle_covenant_preview", world) + "?so=abc").content.decode()


def test_the_van_thus_number_is_recorded_after_confirmation(world, client_for):
    frozen(world)
    client = client_for(world.leader_officer)
    asked = client.post(url("cycle_covenant_number", world), {"number": "91"})
    assert asked.status_code == 200 and 'name="number" value="91"' in asked.content.decode()  # carried to the confirmation
    assert not IssuedDocument.objects.exists()
    assert client.post(url("cycle_covenant_number", world), {"number": "91", "confirmed": "1"}).status_code == 302
    issued = Covenant.objects.get().issued_document
    assert (issued.number, issued.unit, issued.issuer_symbol) == (91, world.leader_unit, world.leader_unit.symbol)
    assert f"Số 91/GƯTĐ-{world.leader_unit.symbol}" in client.get(url("cycle_covenant", world)).content.decode()
    assert take(world, None).number == 92  # the register's next number follows it


def test_a_number_already_in_the_register_is_a_409_and_nothing_is_saved(world, client_for):
    frozen(world)
    take(world, 91)
    client = client_for(world.leader_officer)
    response = client.post(url("cycle_covenant_number", world), {"number": "91", "confirmed": "1"})
    assert response.status_code == 409
    assert f"Số 91/GƯTĐ-{world.leader_unit.symbol} đã có trong sổ đăng ký văn bản năm 2026" in response.content.decode()
    assert IssuedDocument.objects.count() == 1 and not Covenant.objects.get().issued_document_id


@pytest.mark.parametrize("bad", ["abc", "0", "91/GƯTĐ", "-3", "100000"])
def test_a_number_that_is_not_one_is_refused(world, client_for, bad):
    frozen(world)
    response = client_for(world.leader_officer).post(url("cycle_covenant_number", world), {"number": bad, "confirmed": "1"})
    assert response.status_code == 400 and "Số văn bản phải là số nguyên từ 1 đến 99999." in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_only_the_leader_unit_gives_numbers(world, client_for):
    frozen(world)
    response = client_for(world.member_officer).post(url("cycle_covenant_number", world), {"number": "91", "confirmed": "1"})
    assert response.status_code == 403 and not IssuedDocument.objects.exists()


def test_the_plan_with_the_van_thus_number(world, client_for):
    set_phase(world, Phase.IN_PROGRESS)
    take(world, 91, doc_type="KH")
    client = client_for(world.leader_officer)
    fields = {"confirmed": "1", "date": "23/11/2026", "number": "91"}
    response = client.post(url("cycle_plan", world), fields)
    assert response.status_code == 409 and not ConferencePlan.objects.exists()
    assert client.post(url("cycle_plan", world), {**fields, "number": "92"}).status_code == 302
    assert ConferencePlan.objects.get().issued_document.number == 92


def test_the_invitation_with_the_van_thus_number(world, client_for):
    set_phase(world, Phase.CONFERENCE)
    client = client_for(world.leader_officer)
    target = url("voting_conference_number", world)
    assert client.post(target, {"kind": "invitation", "number": "x", "confirmed": "1"}).status_code == 400
    assert client.post(target, {"kind": "invitation", "number": "17", "confirmed": "1"}).status_code == 302
    issued = IssuedDocument.objects.get()
    assert (issued.number, issued.doc_type, issued.issuer_symbol) == (17, "GM", world.leader_unit.symbol)


def test_the_conference_documents_page_shows_the_next_numbers_and_previews_with_them(world, client_for):
    set_phase(world, Phase.CONFERENCE)
    take(world, 6, doc_type="GM")
    client = client_for(world.leader_officer)
    symbol = world.leader_unit.symbol
    html = client.get(url("voting_conference_documents", world)).content.decode()
    assert f"Giấy mời: 07/GM-{symbol}" in html and f"Biên bản: 01/BB-{symbol}" in html
    preview = client.get(url("voting_invitation_preview", world) + "?so=7").content.decode()
    assert f"Số: 07/GM-{symbol}" in preview and "DỰ THẢO" in preview
    assert IssuedDocument.objects.count() == 1  # previewing issues nothing
    # members see no register numbers
    assert "07/GM-" not in client_for(world.member_officer).get(url("voting_conference_documents", world)).content.decode()


def test_the_plan_is_previewed_whole_with_the_number_it_will_get_before_it_is_issued(world, client_for):
    set_phase(world, Phase.IN_PROGRESS)
    take(world, 6, doc_type="KH")
    client = client_for(world.leader_officer)
    assert "Xem trước toàn văn với số sẽ cấp" in client.get(url("cycle_plan", world)).content.decode()
    query = "?date=23/11/2026&conference_date=18/12/2026&conference_place=Hội trường UBND tỉnh&signer=Lê Văn Hùng"
    symbol = world.leader_unit.symbol
    preview = client.get(url("cycle_plan_preview", world) + query).content.decode()
    assert f"Số: 07/KH-{symbol}" in preview and "DỰ THẢO" in preview and "ngày 23 tháng 11 năm 2026" in preview
    assert "Ngày 18/12/2026, tại Hội trường UBND tỉnh." in preview and "Lê Văn Hùng" in preview
    given = client.get(url("cycle_plan_preview", world) + query + "&number=91").content.decode()
    assert f"Số: 91/KH-{symbol}" in given
    assert not ConferencePlan.objects.exists() and IssuedDocument.objects.count() == 1  # previewing issues nothing
    # bad input is said; a member may not preview the leader's plan; an outsider sees nothing
    bad = client.get(url("cycle_plan_preview", world) + "?date=31/02/2026")
    assert bad.status_code == 400
    assert client_for(world.member_officer).get(url("cycle_plan_preview", world) + query).status_code == 403
    assert client_for(world.outside_officer).get(url("cycle_plan_preview", world) + query).status_code == 404
    # without the form's data, an unissued plan has no preview
    assert client.get(url("cycle_plan_preview", world)).status_code == 404
