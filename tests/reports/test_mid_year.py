"""The mid-year review: its record (validated, audited), its short report, and the scoring
table amended only at it: a new version of the table with the reason and both contents,
refused without a record, without a reason, and once self-assessment froze the table."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from tests.cycle.conftest import set_phase
from tests.scoring.helpers import SMALL_TABLE, make_table
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.org.models import Phase
from thidua.reports import documents, services
from thidua.reports.models import MidYearReview, TableAmendment
from thidua.reports.prefill import prefill
from thidua.scoring.models import CriteriaTable

pytestmark = pytest.mark.django_db


def data(world, **over) -> dict:
    return {"date": dt.date(2026, 7, 15), "place": "Thành phố Vinh", "host": world.deputy_unit.pk,
            "present": [world.leader_unit.pk, world.deputy_unit.pk, world.member_unit.pk], "attendance_note": "",
            "content": "Đánh giá kết quả 6 tháng đầu năm.", "conclusions": "Sửa tiêu chí II.2.", **over}  # fmt: skip


def recorded(world) -> MidYearReview:
    set_phase(world, Phase.IN_PROGRESS)
    return services.mid_year_record(actor=world.deputy_officer, cluster_year=world.cluster_year, data=data(world))


def amended_table() -> dict:
    table = copy.deepcopy(SMALL_TABLE)
    table["groups"][1]["criteria"][1]["title"] = "Tham gia đầy đủ các hoạt động của Cụm"
    return table


def test_the_record_is_kept_audited_and_prefills_the_report(world):
    review = recorded(world)
    assert review.host == world.deputy_unit and review.present.count() == 3
    assert AuditEvent.objects.filter(action="mid_year_review.record").count() == 1
    again = services.mid_year_record(actor=world.leader_officer, cluster_year=world.cluster_year, data=data(world, place="Hà Tĩnh"))
    assert again.pk == review.pk and again.place == "Hà Tĩnh" and MidYearReview.objects.count() == 1
    text = {s["key"]: s["text"] for s in prefill(world.cluster_year)}["so-ket"]
    assert "Ngày 15/07/2026, tại Hà Tĩnh, Sở Ngoại vụ tỉnh Nghệ An chủ trì" in text and "03 đơn vị dự họp" in text
    document = documents.mid_year_document(review)
    assert document.number.type_code == "BC" and document.is_draft


def test_a_bad_record_saves_nothing_and_lists_every_problem(world):
    set_phase(world, Phase.IN_PROGRESS)
    with pytest.raises(InvalidInput) as exc:
        services.mid_year_record(actor=world.leader_officer, cluster_year=world.cluster_year,
                                 data=data(world, date=dt.date(2025, 7, 1), place=" ", host=world.outside_unit.pk,
                                           present=[world.outside_unit.pk], content=""))  # fmt: skip
    assert set(exc.value.errors) == {"date", "place", "host", "present", "content"}
    assert not MidYearReview.objects.exists()


def test_the_record_is_the_secretariats_in_the_years_work(world):
    set_phase(world, Phase.IN_PROGRESS)
    with pytest.raises(Forbidden):
        services.mid_year_record(actor=world.member_officer, cluster_year=world.cluster_year, data=data(world))
    set_phase(world, Phase.SELF_ASSESSMENT)
    with pytest.raises(Conflict):
        services.mid_year_record(actor=world.leader_officer, cluster_year=world.cluster_year, data=data(world))
    assert not MidYearReview.objects.exists()


def test_the_table_is_amended_only_at_the_review_with_a_reason(world):
    make_table(world)
    set_phase(world, Phase.IN_PROGRESS)
    with pytest.raises(Conflict, match="hội nghị sơ kết"):
        services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="Lý do", data=amended_table())
    recorded(world)
    with pytest.raises(InvalidInput):
        services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="  ", data=amended_table())
    with pytest.raises(Forbidden):
        services.table_amend(actor=world.deputy_officer, cluster_year=world.cluster_year, reason="Lý do", data=amended_table())
    assert CriteriaTable.objects.get().version == 1 and not TableAmendment.objects.exists()
    amendment = services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="Hội nghị sơ kết thống nhất",
                                     data=amended_table())  # fmt: skip
    assert (amendment.from_version, amendment.to_version) == (1, 2) and CriteriaTable.objects.get().version == 2
    titles = lambda t: [c["title"] for g in t["groups"] for c in g["criteria"]]  # noqa: E731
    assert "Tham gia hoạt động của Cụm" in titles(amendment.before)
    assert "Tham gia đầy đủ các hoạt động của Cụm" in titles(amendment.after)
    assert AuditEvent.objects.filter(action="criteria_table.amend").count() == 1


def test_bad_table_data_keeps_the_old_version(world):
    make_table(world)
    recorded(world)
    broken = amended_table()
    broken["groups"][0]["criteria"][0]["max_points"] = -1
    with pytest.raises(InvalidInput):
        services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="Lý do", data=broken)
    assert CriteriaTable.objects.get().version == 1 and not TableAmendment.objects.exists()


def test_a_frozen_table_is_never_amended(world):
    make_table(world, frozen=True)
    recorded(world)
    with pytest.raises(Conflict, match="khóa"):
        services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="Lý do", data=amended_table())
    assert CriteriaTable.objects.get().version == 1 and not TableAmendment.objects.exists()


def test_in_the_years_work_the_table_changes_only_through_the_review(world, client_for):
    """Once the year's work has started (in progress), the scoring page and the API no longer
    change an existing table: only the review's amendment does, with its reason. Before it,
    the table is still prepared freely, and a year without a table may still set one up."""
    from django.urls import reverse

    from thidua.scoring import services as scoring

    set_phase(world, Phase.COVENANT)
    make_table(world)
    scoring.criteria_table_replace(actor=world.leader_officer, cluster_year=world.cluster_year, data=amended_table())
    assert CriteriaTable.objects.get().version == 2  # prepared freely before the year's work
    set_phase(world, Phase.IN_PROGRESS)
    for call in (
        lambda: scoring.criteria_table_replace(actor=world.leader_officer, cluster_year=world.cluster_year, data=SMALL_TABLE),
        lambda: scoring.criteria_table_import_sample(actor=world.organizer_officer, cluster_year=world.cluster_year),
    ):
        with pytest.raises(Conflict, match="sơ kết"):
            call()
    page = reverse("scoring_criteria", args=[world.cluster.pk, 2026])
    response = client_for(world.leader_officer).post(page, {"action": "sample"})
    assert response.status_code == 409 and "sơ kết" in response.content.decode()
    assert "hội nghị sơ kết 6 tháng" in client_for(world.leader_officer).get(page).content.decode()
    assert CriteriaTable.objects.get().version == 2 and not TableAmendment.objects.exists()
    recorded(world)
    services.table_amend(actor=world.leader_officer, cluster_year=world.cluster_year, reason="Hội nghị sơ kết thống nhất", data=SMALL_TABLE)
    assert CriteriaTable.objects.get().version == 3 and TableAmendment.objects.get().reason == "Hội nghị sơ kết thống nhất"


def test_a_year_in_progress_without_a_table_may_still_set_one_up(world):
    from thidua.scoring import services as scoring

    set_phase(world, Phase.IN_PROGRESS)
    scoring.criteria_table_import_sample(actor=world.leader_officer, cluster_year=world.cluster_year)
    assert CriteriaTable.objects.get().version == 1
