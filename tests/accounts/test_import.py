"""Bulk import of units and accounts from .xlsx: the template re-imports cleanly, a file with
errors reports every bad row (sheet, row, column, reason) and writes nothing, a file that
is not an .xlsx is refused, only organizer officers and admins may import and only into
units they manage, and a good file makes the units and accounts, audited."""

from io import BytesIO

import pytest
from django.core import mail
from openpyxl import Workbook, load_workbook

from tests.factories import UserFactory
from thidua.accounts import imports
from thidua.core.models import AuditEvent
from thidua.org.models import Unit, User

URL = "/tai-khoan/nhap/"


def workbook(units: list[list] | None = None, accounts: list[list] | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    if units is not None:
        ws = wb.create_sheet(imports.UNIT_SHEET)
        ws.append([header for _n, header, _r in imports.UNIT_COLUMNS])
        for row in units:
            ws.append(row)
    if accounts is not None:
        ws = wb.create_sheet(imports.ACCOUNT_SHEET)
        ws.append([header for _n, header, _r in imports.ACCOUNT_COLUMNS])
        for row in accounts:
            ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "nhap.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"action": "check", "file": SimpleUploadedFile(name, data)})


def apply(client, response):
    context = response.context
    return client.post(URL, {"action": "apply", "payload": context["payload"], "seal": context["seal"]})


GOOD_UNITS = [
    ["Sở Ngoại vụ tỉnh Cao Bằng", "SNgV-CB", "Sở Ngoại vụ", 4, "UBND TỈNH CAO BẰNG", "Giám đốc", "01/07/2025"],
    ["Sở Ngoại vụ tỉnh Tuyên Quang", "SNgV-TQ", "Sở Ngoại vụ", "", "", "", ""],
]
GOOD_ACCOUNTS = [
    ["Nguyễn Thị Hoa", "hoa@example.gov.vn", "", "SNgV-CB", "cán bộ thi đua"],
    ["Trần Văn Bình", "binh@example.gov.vn", "tvbinh", "Sở Ngoại vụ tỉnh Cao Bằng", "lãnh đạo, đại biểu"],
    ["Lê Minh", "minh@example.gov.vn", "", "Sở Ngoại vụ tỉnh Hà Tĩnh", "đại biểu"],  # an existing unit of the organizer
]


def test_template_downloads_and_imports_back_cleanly(world, client_for):
    client = client_for(world.organizer_officer)
    response = client.get(URL + "mau.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == [imports.UNIT_SHEET, imports.ACCOUNT_SHEET, imports.NOTES_SHEET]
    report = upload(client, response.content)
    plan = report.context["plan"]
    assert not plan.has_errors, [r.problems for r in plan.rows] + plan.file_errors
    assert [r.status for r in plan.rows] == ["create", "create"]
    assert apply(client, report).status_code == 200
    unit = Unit.objects.get(symbol="SNgV-VD")
    assert unit.managed_by == world.organizer and unit.province.code == 1
    assert User.objects.get(email="nguyenvana@example.gov.vn").unit == unit


def test_a_good_file_creates_units_and_accounts_and_audits(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.organizer_officer)
    units_before, users_before = Unit.objects.count(), User.objects.count()
    report = upload(client, workbook(GOOD_UNITS, GOOD_ACCOUNTS))
    assert report.status_code == 200
    assert report.context["counts"] == {"units_created": 2, "units_updated": 0, "units_unchanged": 0, "accounts_created": 3, "errors": 0}
    assert Unit.objects.count() == units_before and User.objects.count() == users_before  # the dry run wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = apply(client, report)
    assert done.status_code == 200
    assert "Đã nhập" in done.content.decode()
    # each imported account is invited to set its own password (a one-time link)
    invited = sorted(m.to[0] for m in mail.outbox)
    assert invited == ["binh@example.gov.vn", "hoa@example.gov.vn", "minh@example.gov.vn"]
    assert all("/tai-khoan/kich-hoat/" in m.body for m in mail.outbox)
    assert AuditEvent.objects.filter(action__startswith="account.invit").count() == 3
    assert Unit.objects.count() == units_before + 2 and User.objects.count() == users_before + 3
    hoa = User.objects.get(email="hoa@example.gov.vn")
    assert hoa.username == "hoa@example.gov.vn" and hoa.is_unit_officer and hoa.unit.symbol == "SNgV-CB"
    assert not hoa.has_usable_password()
    binh = User.objects.get(username="tvbinh")
    assert binh.is_unit_head and binh.is_delegate and not binh.is_unit_officer
    assert User.objects.get(email="minh@example.gov.vn").unit == world.member_unit
    (event,) = AuditEvent.objects.filter(action="accounts.import")
    assert event.after == {"units_created": 2, "units_updated": 0, "units_unchanged": 0, "accounts_created": 3}
    assert AuditEvent.objects.filter(action="unit.create").count() == 2
    assert AuditEvent.objects.filter(action="user.create").count() == 3


def test_an_existing_unit_is_updated(world, client_for):
    client = client_for(world.organizer_officer)
    report = upload(
        client, workbook([["Sở Ngoại vụ tỉnh Hà Tĩnh", world.member_unit.symbol, "Sở Ngoại vụ", "", "UBND TỈNH HÀ TĨNH", "", ""]])
    )
    (row,) = report.context["plan"].units
    assert row.status == "update"
    apply(client, report)
    world.member_unit.refresh_from_db()
    assert world.member_unit.parent_authority == "UBND TỈNH HÀ TĨNH"
    assert AuditEvent.objects.filter(action="unit.update").count() == 1


def test_errors_are_reported_row_by_row_and_nothing_is_written(world, client_for):
    UserFactory(username="da_co", email="trung@example.gov.vn")
    client = client_for(world.organizer_officer)
    units_before, users_before, events_before = Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()
    bad_units = [
        ["Sở Ngoại vụ tỉnh Cao Bằng", "SNgV-CB", "Sở Ngoại vụ", 4, "", "", ""],  # good
        ["", "SNgV-X", "Sở Ngoại vụ", "", "", "", ""],  # row 3: no name
        ["Sở Ngoại vụ tỉnh Y", "SNgV-Y", "Bộ phận lạ", 99, "", "", "31/02/2025"],  # row 4: kind, province, date
    ]
    bad_accounts = [
        ["Nguyễn A", "a@example.gov.vn", "", "SNgV-CB", "cán bộ thi đua"],  # good
        ["Nguyễn B", "a@example.gov.vn", "", "SNgV-CB", "lãnh đạo"],  # row 3: same e-mail as row 2
        ["Nguyễn C", "trung@example.gov.vn", "", "SNgV-CB", "lãnh đạo"],  # row 4: e-mail taken
        ["Nguyễn D", "khong-phai-email", "", "Không có đơn vị này", "giám đốc"],  # row 5: e-mail, unit, role
        ["", "e@example.gov.vn", "da_co", "SNgV-Y", ""],  # row 6: name, username taken, unit with errors, no role
    ]
    response = upload(client, workbook(bad_units, bad_accounts))
    plan = response.context["plan"]
    problems = {(r.sheet, r.row): r.problems for r in plan.rows if r.problems}
    columns = {key: [c for c, _m in value] for key, value in problems.items()}
    assert columns == {
        ("Đơn vị", 3): ["Tên đơn vị"],
        ("Đơn vị", 4): ["Loại đơn vị", "Mã tỉnh", "Thành lập từ ngày"],
        ("Tài khoản", 3): ["E-mail"],
        ("Tài khoản", 4): ["E-mail"],
        ("Tài khoản", 5): ["E-mail", "Đơn vị", "Vai trò"],
        ("Tài khoản", 6): ["Họ và tên", "Tên đăng nhập", "Đơn vị", "Vai trò"],
    }
    assert "dòng 2" in problems[("Tài khoản", 3)][0][1]
    assert "Đã có tài khoản dùng e-mail này" in problems[("Tài khoản", 4)][0][1]
    assert "«giám đốc» không hợp lệ" in problems[("Tài khoản", 5)][2][1]  # the word as typed
    page = response.content.decode()
    assert "Cột «Vai trò»" in page and 'value="apply"' not in page  # no "Nhập" while errors remain
    # Forcing the apply anyway writes nothing and says why.
    refused = apply(client, response)
    assert refused.status_code == 400
    assert "chưa nhập gì" in refused.content.decode()
    assert (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == (units_before, users_before, events_before)
    # The report downloads as .xlsx, one line per problem.
    report = client.post(URL, {"action": "report", "payload": response.context["payload"], "seal": response.context["seal"]})
    assert report.status_code == 200
    lines = list(load_workbook(BytesIO(report.content)).active.iter_rows(values_only=True))
    assert sum(line[3] == "Lỗi" for line in lines) == sum(len(v) for v in problems.values())


def test_duplicate_usernames_within_the_file(world, client_for):
    response = upload(
        client_for(world.admin),
        workbook(
            None,
            [
                ["A", "a1@example.gov.vn", "trung", "SNgV-HT-x", "đại biểu"],
                ["B", "b1@example.gov.vn", "TRUNG", str(world.member_unit.pk), "đại biểu"],
            ],
        ),
    )
    rows = response.context["plan"].accounts
    assert [c for c, _m in rows[1].problems] == ["Tên đăng nhập"]  # unit by id is found, the name is the same in another case


def test_a_file_that_is_not_an_xlsx_is_refused(world, client_for):
    client = client_for(world.organizer_officer)
    response = upload(client, b"Ho va ten;E-mail\nA;a@example.org\n", name="danh-sach.xlsx")
    plan = response.context["plan"]
    assert plan.has_errors and "không phải là tệp Excel .xlsx" in plan.file_errors[0]
    assert "payload" not in response.context or 'value="apply"' not in response.content.decode()
    zip_not_xlsx = BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_not_xlsx, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert upload(client, zip_not_xlsx.getvalue()).context["plan"].file_errors


def test_an_altered_file_is_not_applied(world, client_for):
    client = client_for(world.organizer_officer)
    report = upload(client, workbook(GOOD_UNITS))
    other = __import__("base64").b64encode(workbook([["Đơn vị khác", "DVK", "Khác", "", "", "", ""]])).decode()
    response = client.post(URL, {"action": "apply", "payload": other, "seal": report.context["seal"]})
    assert response.status_code == 400
    assert not Unit.objects.filter(symbol__in=["DVK", "SNgV-CB"]).exists()


@pytest.mark.parametrize("who", ["member_head", "leader_officer", "member_delegate"])
def test_unit_staff_may_not_import(world, client_for, who):
    client = client_for(world.users()[who])
    assert client.get(URL).status_code == 403
    assert client.get(URL + "mau.xlsx").status_code == 403
    assert upload(client, workbook(GOOD_UNITS)).status_code == 403
    assert not Unit.objects.filter(symbol="SNgV-CB").exists()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_an_officer_cannot_import_accounts_into_another_organizers_unit(world, client_for):
    client = client_for(world.other_organizer_officer)
    users_before = User.objects.count()
    response = upload(client, workbook(None, [["Kẻ Lạ", "la@example.gov.vn", "", world.member_unit.name, "cán bộ thi đua"]]))
    (row,) = response.context["plan"].accounts
    assert [c for c, _m in row.problems] == ["Đơn vị"]
    assert "Không tìm thấy đơn vị" in row.problems[0][1]
    assert apply(client, response).status_code == 400
    assert User.objects.count() == users_before
    # …nor update the other organizer's unit through the "Đơn vị" sheet.
    response = upload(client, workbook([[world.member_unit.name, "X", "Sở Ngoại vụ", "", "Đổi tên cơ quan chủ quản", "", ""]]))
    assert response.context["plan"].units[0].status == "error"
