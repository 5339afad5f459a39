"""The attendance table's rows as the conference page shows them (presenters.attendance_lines):
the time of a check-in in Vietnam's time, the voting delegate or the unit's head, the
observers."""

import datetime as dt

from django.utils import translation

from thidua.org.models import Membership, Unit, User
from thidua.voting.models import Delegate
from thidua.voting.presenters import attendance_lines
from thidua.voting.selectors.attendance import AttendanceRow

UTC = dt.UTC


def row(**kwargs) -> AttendanceRow:
    membership = Membership(unit=Unit(pk=7, name="Sở Ngoại vụ tỉnh Quảng Trị"), role="deputy1")
    return AttendanceRow(membership, kwargs.get("at"), kwargs.get("delegates", []))


def test_a_check_in_is_shown_in_vietnams_time_and_a_unit_without_one_is_not():
    with translation.override("vi"):
        present, absent = attendance_lines([row(at=dt.datetime(2026, 12, 18, 1, 5, tzinfo=UTC)), row()])
    assert present["checked_in"] == "08:05 18/12/2026"  # UTC+7
    assert absent["checked_in"] == ""
    assert (present["name"], present["role"], present["role_label"], present["unit_id"]) == (
        "Sở Ngoại vụ tỉnh Quảng Trị", "deputy1", "Cụm phó thứ nhất", 7)


def test_the_voting_delegate_with_who_confirmed_it_and_the_observers():
    head = User(username="qt.lanhdao", full_name="Lê Văn Hùng")
    delegates = [
        Delegate(kind=Delegate.Kind.VOTING, full_name="Trần Thị Mai", position="Phó Giám đốc", authorisation="Giấy ủy quyền số 12/GUQ-SNV",
                 confirmed_by=head, confirmed_at=dt.datetime(2026, 12, 17, 16, 30, tzinfo=UTC)),
        Delegate(kind=Delegate.Kind.OBSERVER, full_name="Nguyễn Văn An"),
    ]
    with translation.override("vi"):
        (line,) = attendance_lines([row(delegates=delegates)])
    assert line["delegate"] == {"name": "Trần Thị Mai", "position": "Phó Giám đốc", "authorisation": "Giấy ủy quyền số 12/GUQ-SNV",
                                "confirmed": "Xác nhận: Lê Văn Hùng, 23:30 17/12/2026"}
    assert line["observers"] == ["Nguyễn Văn An"]
    (bare,) = attendance_lines([row()])
    assert bare["delegate"] is None and bare["observers"] == []
