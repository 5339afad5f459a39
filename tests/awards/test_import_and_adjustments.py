"""Import of past awards (dry run with a row report, all-or-nothing apply, audited) and the
organizer's per-year adjustment of rule parameters, shown in eligibility's basis."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import ClusterYearFactory, UnitFactory, add_member
from thidua.awards import awards_io, eligibility
from thidua.awards.adjustments import adjustment_set
from thidua.awards.models import Award, Decision, RuleAdjustment
from thidua.core.errors import Forbidden, InvalidInput
from thidua.core.models import AuditEvent

from .helpers import rate

pytestmark = pytest.mark.django_db
URL = reverse("awards_import")
HEAD = ["Đơn vị", "Năm", "Danh hiệu, hình thức", "Số quyết định", "Ngày ký", "Người ký"]


def xlsx(*rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Khen thưởng"
    ws.append(HEAD)
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def old_unit(world):
    gone = UnitFactory(name="Sở Ngoại vụ tỉnh Yên Bái", symbol="SNgV-YB", valid_to=dt.date(2025, 6, 30), managed_by=world.organizer)
    return gone


def test_a_clean_file_is_planned_then_applied_all_at_once(world, old_unit):
    data = xlsx(
        ["Sở Ngoại vụ tỉnh Yên Bái", 2017, "Cờ thi đua cấp Bộ, ngành, tỉnh", "12/QĐ-BNG", "01/12/2017", "Thứ trưởng"],
        ["SNgV-YB", 2016, "merit_minister", "5/QĐ-BNG", "15/01/2017", ""],
        [world.member_unit.name, 2017, "Bằng khen cấp Bộ, ngành, tỉnh", "12/QĐ-BNG", "01/12/2017", ""],
    )
    plan = awards_io.import_plan(actor=world.organizer_officer, data=data)
    assert not plan.has_errors and len(plan.rows) == 3 and not Award.objects.exists()
    awards_io.import_apply(actor=world.organizer_officer, data=data)
    assert Decision.objects.filter(imported=True).count() == 2
    assert set(Award.objects.values_list("unit__name", "award", "year")) == {
        ("Sở Ngoại vụ tỉnh Yên Bái", "flag_ministry", 2017), ("Sở Ngoại vụ tỉnh Yên Bái", "merit_minister", 2016),
        (world.member_unit.name, "merit_minister", 2017),
    }  # fmt: skip
    assert AuditEvent.objects.get(action="awards.import").after["awards"] == 3


def test_a_broken_row_saves_nothing_and_the_report_says_which(world, old_unit):
    data = xlsx(
        ["Sở Ngoại vụ tỉnh Yên Bái", 2017, "Cờ thi đua cấp Bộ, ngành, tỉnh", "12/QĐ-BNG", "01/12/2017", ""],
        ["Sở Ngoại vụ tỉnh Yên Bái", 2017, "Bằng khen cấp Bộ, ngành, tỉnh", "13/QĐ-BNG", "02/12/2017", ""],  # one achievement, two forms
        ["Sở Ngoại vụ tỉnh Yên Bái", 2026, "Cờ thi đua cấp Bộ, ngành, tỉnh", "1/QĐ-BNG", "31/02/2027", ""],  # dissolved; no such day
        [world.outside_unit.name, 2017, "Cờ thi đua", "14/QĐ-BNG", "02/12/2017", ""],  # Bộ B's unit; unknown award
    )
    with pytest.raises(awards_io.ImportRefused) as refused:
        awards_io.import_apply(actor=world.organizer_officer, data=data)
    assert not Award.objects.exists() and not Decision.objects.exists() and not AuditEvent.objects.filter(action="awards.import").exists()
    problems = {r.row: " | ".join(m for _c, m in r.problems) for r in refused.value.plan.rows}
    assert 2 not in problems or problems[2] == ""
    assert "Một thành tích chỉ được một hình thức" in problems[3]
    assert "không tồn tại trong năm 2026" not in problems[4] and "Ngày ký không hợp lệ" in problems[4]
    assert "Không tìm thấy đơn vị" in problems[5] and "không có trong danh mục" in problems[5]
    report = load_workbook(BytesIO(awards_io.report_xlsx(refused.value.plan))).active
    lines = list(report.iter_rows(values_only=True))
    assert lines[0] == ("Dòng", "Đơn vị", "Kết quả", "Cột", "Lý do") and any(line[0] == 5 and line[2] == "Lỗi" for line in lines)


def test_a_unit_that_did_not_exist_that_year(world, old_unit):
    plan = awards_io.import_plan(actor=world.organizer_officer, data=xlsx(["SNgV-YB", 2026, "flag_ministry", "1/QĐ-BNG", "05/01/2027", ""]))
    assert "không tồn tại trong năm 2026" in plan.rows[0].problems[0][1]


def test_not_a_workbook_and_missing_columns(world):
    assert awards_io.import_plan(actor=world.organizer_officer, data=b"not a zip").file_errors
    wb = Workbook()
    wb.active.append(["Đơn vị", "Năm"])
    out = BytesIO()
    wb.save(out)
    assert "Thiếu cột" in awards_io.import_plan(actor=world.organizer_officer, data=out.getvalue()).file_errors[0]


def test_only_an_organizer_imports(world):
    with pytest.raises(Forbidden):
        awards_io.import_plan(actor=world.leader_officer, data=xlsx())


def test_the_page_dry_run_report_and_apply(world, old_unit, client_for):
    client = client_for(world.organizer_officer)
    assert client.get(URL + "?mau=1").content[:2] == b"PK"
    data = xlsx(["SNgV-YB", 2017, "flag_ministry", "12/QĐ-BNG", "01/12/2017", ""])
    upload = BytesIO(data)
    upload.name = "so.xlsx"
    checked = client.post(URL, {"action": "check", "file": upload})
    html = checked.content.decode()
    assert checked.status_code == 200 and "Sẽ nhập" in html and not Award.objects.exists()
    payload, seal = checked.context["payload"], checked.context["seal"]
    assert client.post(URL, {"action": "report", "payload": payload, "seal": seal}).content[:2] == b"PK"
    assert client.post(URL, {"action": "apply", "payload": payload, "seal": seal + "x"}).status_code == 400
    assert not Award.objects.exists()
    assert client.post(URL, {"action": "apply", "payload": payload, "seal": seal}).status_code == 200
    assert Award.objects.get().unit == old_unit


def test_an_adjustment_changes_the_years_needed_and_says_so(world):
    cy = ClusterYearFactory(cluster=world.cluster, year=2024)
    add_member(cy, world.member_unit)
    rate(world.member_unit, {2024: "excellent"})
    before = {c.rule: c for c in eligibility.check(world.member_unit, "merit_minister", 2024).checks}["ratings"]
    assert before.passed is None  # 2023 not recorded
    adjustment_set(actor=world.organizer_officer, organizer=world.organizer, year=2024, award="merit_minister", rule="ratings",
                   params={"years": 1}, reason="Năm đầu áp dụng quy chế mới")  # fmt: skip
    after = {c.rule: c for c in eligibility.check(world.member_unit, "merit_minister", 2024).checks}["ratings"]
    assert after.passed is True and "điều chỉnh năm 2024" in after.basis and "Năm đầu áp dụng quy chế mới" in after.basis
    assert AuditEvent.objects.filter(action="rule_adjustment.set").count() == 1
    # another organizer's units are not concerned
    other = {c.rule: c for c in eligibility.check(world.member_unit, "merit_minister", 2024, organizer_id=world.other_organizer.pk).checks}
    assert other["ratings"].passed is None


def test_an_adjustment_needs_a_reason_and_a_sane_value(world):
    for params, reason in (({"years": 1}, ""), ({"years": 99}, "x"), ({"rating": "good"}, "x")):
        with pytest.raises(InvalidInput):
            adjustment_set(actor=world.organizer_officer, organizer=world.organizer, year=2024, award="merit_minister", rule="ratings",
                           params=params, reason=reason)  # fmt: skip
    with pytest.raises(Forbidden):
        adjustment_set(actor=world.other_organizer_officer, organizer=world.organizer, year=2024, award="merit_minister",
                       rule="ratings", params={"years": 1}, reason="x")  # fmt: skip
    assert not RuleAdjustment.objects.exists()


def test_the_adjustments_page(world, client_for):
    url = reverse("awards_rule_adjustments", args=[2024])
    client = client_for(world.organizer_officer)
    assert "Bằng khen cấp Bộ, ngành, tỉnh" in client.get(url).content.decode()
    response = client.post(url, {"key": "merit_minister.ratings.years", "value": "3", "reason": "Nâng chuẩn"})
    assert response.status_code == 302 and RuleAdjustment.objects.get().params == {"years": 3}
    assert client.post(url, {"key": "merit_minister.ratings.years", "value": "3", "reason": ""}).status_code == 400
    assert client.post(url, {"key": "merit_minister.ratings.years", "value": "", "reason": ""}).status_code == 302
    assert not RuleAdjustment.objects.exists()
