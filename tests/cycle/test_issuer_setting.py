"""Who issues the cluster's documents, a setting per cluster (and year) and document type
(cycle.issuer, decision 0026): the documents' header, number symbol, place and "TM." line
follow it; the register numbering them is the issuer's; only the leader unit or the
organizer change it (others 403, outsiders 404), invalid input saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.audit import AuditEvent
from thidua.core.errors import Forbidden, InvalidInput
from thidua.cycle import documents_more
from thidua.cycle.issuer import document_issuer
from thidua.cycle.issuer_settings import document_issuers_update, issuer_previews
from thidua.cycle.models import DocumentIssuerSetting
from thidua.cycle.services import year_settings_get

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 5, 4)


def url(world):
    return reverse("cycle_document_issuers", args=[world.cluster.pk, world.cluster_year.year])


def test_default_the_leader_issues_on_behalf_of_the_cluster(world):
    issuer = document_issuer(world.cluster_year, DAY, doc_type="KH")
    assert issuer.unit_id == world.leader_unit.pk and issuer.symbol == world.leader_unit.symbol
    assert issuer.authority() == ["TM. CỤM THI ĐUA SỐ 1", "CỤM TRƯỞNG"]
    decision = document_issuer(world.cluster_year, DAY, doc_type="QĐ")  # the decision is the organizer's
    assert decision.name == "Bộ A" and decision.unit_id is None


def test_the_cluster_itself_with_the_years_symbol_and_no_tm_line(world):
    settings = year_settings_get(world.cluster_year)
    settings.document_symbol = "CTĐ"
    settings.save()
    document_issuers_update(actor=world.leader_officer, cluster_year=world.cluster_year,
                            rows={"quy-che": {"issued_by": "cluster", "on_behalf": False, "symbol": ""}})
    document = documents_more.regulation_document(world.cluster_year)
    assert document.issuer.issuing_body == "Cụm thi đua số 1" and document.issuer.parent_authority == "Bộ A"
    assert str(document.number).endswith("/QC-CTĐ")  # YearSettings.document_symbol, honoured
    assert document.issuer.unit_id == world.leader_unit.pk  # numbered in the leader unit's register
    assert document.signatures[0].authority == ["CỤM TRƯỞNG"]
    # other types keep the default
    assert documents_more.programme_document(world.cluster_year).issuer.unit_id == world.leader_unit.pk


def test_leader_in_its_own_name_and_a_symbol_override(world):
    document_issuers_update(actor=world.organizer_officer, cluster_year=world.cluster_year,
                            rows={"bao-cao": {"issued_by": "leader", "on_behalf": False, "symbol": "CTĐ3"}})
    document = documents_more.report_document(world.cluster_year)
    assert str(document.number).endswith("/BC-CTĐ3")
    assert document.signatures[0].authority == [(world.leader_unit.head_title or "Giám đốc").upper()]
    assert not any(line.startswith("TM.") for line in document.signatures[0].authority)


def test_a_years_own_row_wins_over_the_clusters(world):
    document_issuers_update(actor=world.leader_officer, cluster_year=world.cluster_year,
                            rows={"ke-hoach": {"issued_by": "cluster", "on_behalf": True, "symbol": "X1"}})
    document_issuers_update(actor=world.leader_officer, cluster_year=world.cluster_year, this_year_only=True,
                            rows={"ke-hoach": {"issued_by": "leader", "on_behalf": True, "symbol": "Y2"}})
    assert document_issuer(world.cluster_year, DAY, doc_type="KH").symbol == "Y2"
    assert DocumentIssuerSetting.objects.filter(year__isnull=True, doc_type="ke-hoach", symbol="X1").exists()
    assert AuditEvent.objects.filter(action="document_issuer.update").count() == 2


@pytest.mark.parametrize("rows", [
    {"ke-hoach": {"issued_by": "host", "on_behalf": True, "symbol": ""}},  # the host only for minutes
    {"quyet-dinh": {"issued_by": "leader", "on_behalf": True, "symbol": ""}},  # a decision only the organizer
    {"ke-hoach": {"issued_by": "leader", "on_behalf": True, "symbol": "KH/CTĐ"}},
    {"ke-hoach": {"issued_by": "leader", "on_behalf": True, "symbol": "C T Đ"}},
    {"khong-co": {"issued_by": "leader"}},
])
def test_bad_input_is_refused_and_nothing_saved(world, rows):
    with pytest.raises(InvalidInput):
        document_issuers_update(actor=world.leader_officer, cluster_year=world.cluster_year, rows=rows)
    assert not DocumentIssuerSetting.objects.exists() and not AuditEvent.objects.filter(action="document_issuer.update").exists()


@pytest.mark.parametrize("who", ["member_officer", "deputy_officer", "member_head", "other_organizer_officer"])
def test_not_allowed_is_forbidden_in_the_service(world, who):
    with pytest.raises(Forbidden):
        document_issuers_update(actor=getattr(world, who), cluster_year=world.cluster_year,
                                rows={"ke-hoach": {"issued_by": "cluster", "on_behalf": True, "symbol": ""}})
    assert not DocumentIssuerSetting.objects.exists()


POST = {"ke-hoach-issued_by": "cluster", "ke-hoach-on_behalf": "on", "ke-hoach-symbol": "CTĐ", "scope": "all"}


@pytest.mark.parametrize("who,status", [("member_officer", 403), ("deputy_officer", 403), ("outside_officer", 404),
                                        ("other_organizer_officer", 404)])
def test_the_page_refuses_a_change_by_someone_not_allowed(world, client_for, who, status):
    assert client_for(getattr(world, who)).post(url(world), POST).status_code == status
    assert not DocumentIssuerSetting.objects.exists()


def test_the_page_saves_and_previews(world, client_for):
    client = client_for(world.leader_officer)
    page = client.get(url(world)).content.decode()
    assert f"Số: 01/KH-{world.leader_unit.symbol}" in page and "TM. CỤM THI ĐUA SỐ 1" in page
    assert client.post(url(world), POST).status_code == 302
    page = client.get(url(world)).content.decode()
    assert "Số: 01/KH-CTĐ" in page and "Thiết lập cho mọi năm của Cụm." in page
    bad = client.post(url(world), {**POST, "ke-hoach-symbol": "a/b"})
    assert bad.status_code == 400 and "không có dấu cách hay dấu “/”" in bad.content.decode()
    assert DocumentIssuerSetting.objects.get().symbol == "CTĐ"
    # a member sees the setting in force, without the form
    member = client_for(world.member_officer).get(url(world)).content.decode()
    assert "Số: 01/KH-CTĐ" in member and 'name="ke-hoach-symbol"' not in member


def test_previews_cover_every_type(world):
    previews = {p.key: p for p in issuer_previews(world.cluster_year, day=DAY)}
    assert previews["quyet-dinh"].number == "Số:       /QĐ-BA" and "ngoài ThiDua" in previews["quyet-dinh"].register
    assert previews["giao-uoc"].number.startswith("Số: 01/")


def test_saving_the_whole_page_keeps_rows_only_for_what_changed(world, client_for):
    form = {}
    for key in ("ke-hoach", "quy-che", "quyet-dinh"):
        form[f"{key}-issued_by"] = "organizer" if key == "quyet-dinh" else "leader"
        if key != "quyet-dinh":
            form[f"{key}-on_behalf"] = "on"
    form["quy-che-symbol"] = "CTĐ"
    assert client_for(world.leader_officer).post(url(world), {**form, "scope": "all"}).status_code == 302
    assert list(DocumentIssuerSetting.objects.values_list("doc_type", flat=True)) == ["quy-che"]


def test_a_ministry_issues_from_ha_noi_and_another_organizer_leaves_its_place_to_the_clerk(world):
    # every ministry sits in Hà Nội: the draft decision's date line read "……, ngày …"
    from thidua.org.models import Organizer

    assert world.cluster.organizer.kind == Organizer.Kind.MINISTRY
    assert document_issuer(world.cluster_year, DAY, doc_type="QĐ").place == "Hà Nội"
    Organizer.objects.filter(pk=world.cluster.organizer_id).update(kind=Organizer.Kind.PROVINCE)
    world.cluster_year.cluster.organizer.refresh_from_db()
    assert document_issuer(world.cluster_year, DAY, doc_type="QĐ").place == ""
