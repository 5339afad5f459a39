"""Scoring tables in and out: the sample YAML, .xlsx round trips, and files refused whole
with every wrong row named."""

import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from thidua.core.errors import InvalidInput
from thidua.scoring.arithmetic import KINDS, PENALTY, CriterionSpec, GroupSpec, TableSpec
from thidua.scoring.table_io import (
    HEADERS,
    SAMPLE_FILE,
    TableImportError,
    export_xlsx,
    import_xlsx,
    load_yaml,
    table_from_dict,
    table_to_dict,
)

from .conftest import SAMPLE


def edited(data: bytes, **cells) -> bytes:
    """The workbook with some cells changed, e.g. G5="xyz"."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for ref, value in cells.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_sample_yaml_imports(sample):
    assert [g.code for g in sample.groups] == ["I", "II", "III", "IV", "V", "VI"]
    assert len(sample.criteria) == 22
    groups = {g.code: g for g in sample.groups}
    assert groups["I"].professional is True and groups["II"].professional is False  # II has no key: false
    assert groups["I"].max_points == Decimal(60)
    i8 = sample.criterion("I.8")
    assert (i8.kind, i8.max_points, i8.evidence) == ("pass_fail", 4, False)
    assert sample.criterion("VI.2") == CriterionSpec("VI.2", "Tập thể hoặc người đứng đầu bị kỷ luật trong năm", PENALTY, Decimal(10), True)


def test_the_copied_sample_says_where_it_came_from():
    head = SAMPLE_FILE.read_text(encoding="utf-8").splitlines()[:6]
    assert "shared/data/criteria-sample.yaml" in head[0]
    assert any("A sample scoring table" in line for line in head)


def test_unquoted_titles_cut_at_commas_by_yaml_are_glued_back():
    # The shared sample writes its titles unquoted inside {...}: YAML cuts them at each comma.
    text = """
groups:
  - code: "I"
    title: Công tác chuyên môn
    max_points: 20
    criteria:
      - {code: "I.4", title: Quản lý đoàn ra, đoàn vào và lễ tân đối ngoại, kind: points, max_points: 8, evidence: true}
      - {code: "II.2", title: Tham gia (hội nghị, ký giao ước, sơ kết, tổng kết), kind: points, max_points: 4}
"""
    table = load_yaml(text)
    assert [c.title for c in table.criteria] == [
        "Quản lý đoàn ra, đoàn vào và lễ tân đối ngoại",
        "Tham gia (hội nghị, ký giao ước, sơ kết, tổng kết)",
    ]
    assert table.criterion("I.4").evidence is True
    assert (
        load_yaml(text.replace("Quản lý đoàn ra, đoàn vào", '"Quản lý đoàn ra, đoàn vào').replace("đối ngoại, kind", 'đối ngoại", kind'))
        == table
    )


def test_the_sample_s_titles_are_whole(sample):
    assert sample.criterion("I.4").title == "Quản lý đoàn ra, đoàn vào và lễ tân đối ngoại"
    assert sample.criterion("III.3").title == "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực"


def test_a_declared_base_total_must_match_the_groups():
    text = SAMPLE_FILE.read_text(encoding="utf-8").replace("total_base_points: 100", "total_base_points: 1000")
    with pytest.raises(TableImportError, match="1000 nhưng các nhóm cộng lại được 100"):
        load_yaml(text)


def test_broken_yaml_and_wrong_shapes():
    with pytest.raises(TableImportError, match="YAML không đọc được"):
        load_yaml("groups: [\n")
    with pytest.raises(TableImportError, match="«groups»"):
        load_yaml("- 1\n- 2\n")
    with pytest.raises(TableImportError, match="«criteria»"):
        table_from_dict({"groups": [{"code": "A", "title": "A", "max_points": 10, "criteria": []}]})


def test_yaml_problems_name_the_codes_once():
    data = table_to_dict(SAMPLE)
    data["groups"][0]["title"] = ""
    data["groups"][1]["criteria"][0]["kind"] = "sao"
    with pytest.raises(TableImportError) as caught:
        table_from_dict(data)
    messages = [m for _, m in caught.value.row_errors]
    assert messages.count("Thiếu tên nhóm «I».") == 1  # not once per criterion of group I
    assert any(m.startswith("Loại «sao» không hợp lệ") for m in messages)


def test_dict_round_trip():
    assert table_from_dict(table_to_dict(SAMPLE)) == SAMPLE


def test_xlsx_has_the_vietnamese_headers_and_labels():
    ws = load_workbook(io.BytesIO(export_xlsx(SAMPLE))).active
    assert tuple(c.value for c in ws[1]) == HEADERS
    assert [c.value for c in ws[2]] == [
        "I",
        "Thực hiện nhiệm vụ chuyên môn về đối ngoại",
        60,
        "Có",
        "I.1",
        SAMPLE.criterion("I.1").title,
        "điểm",
        10,
        "Có",
    ]
    assert {ws.cell(row=r, column=7).value for r in range(2, ws.max_row + 1)} == {"điểm", "đạt/không đạt", "thưởng", "trừ"}


def test_xlsx_round_trip_equals_the_original():
    assert import_xlsx(export_xlsx(SAMPLE)) == SAMPLE


codes = st.from_regex(r"[A-Z]{1,3}(\.[0-9]{1,2}){0,2}", fullmatch=True)
titles = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40).map(str.strip).filter(bool)
points = st.integers(1, 10000).map(lambda cents: Decimal(cents) / 100)


@st.composite
def tables(draw):
    groups = []
    used: set[str] = set()
    for group_code in draw(st.lists(codes, min_size=1, max_size=4, unique=True)):
        penalty = draw(st.booleans())
        group_max = draw(points)
        criteria = []
        for _ in range(draw(st.integers(1, 4))):
            code = draw(codes.filter(lambda c: c not in used))
            used.add(code)
            kind = PENALTY if penalty else draw(st.sampled_from([k for k in KINDS if k != PENALTY]))
            criteria.append(
                CriterionSpec(code, draw(titles), kind, draw(points.filter(lambda p, m=group_max: p <= m)), draw(st.booleans()))
            )
        groups.append(GroupSpec(group_code, draw(titles), group_max, not penalty and draw(st.booleans()), tuple(criteria)))
    return TableSpec(tuple(groups))


@settings(max_examples=40, deadline=None)
@given(tables())
def test_any_valid_table_round_trips_through_xlsx(table):
    assert import_xlsx(export_xlsx(table)) == table


def test_kinds_in_english_or_vietnamese_with_or_without_accents():
    data = export_xlsx(SAMPLE)
    variants = {"G2": "points", "G3": "Điểm", "G4": "diem", "G5": "  ĐIỂM ", "G9": "Đạt / Không đạt", "G10": "điểm"}
    table = import_xlsx(edited(data, **variants, G13="pass_fail", G19="Điểm thưởng", G21="bonus", G22="tru", G23="Penalty"))
    assert table == SAMPLE


def test_numbers_typed_as_text():
    data = export_xlsx(SAMPLE)
    table = import_xlsx(edited(data, H2="7,5", C2="60"))
    assert table.criterion("I.1").max_points == Decimal("7.5")
    with pytest.raises(TableImportError) as caught:
        import_xlsx(edited(data, H2="1.000"))  # a thousands separator or one point? refuse
    assert caught.value.row_errors == [(2, "Điểm tối đa của tiêu chí «I.1» chỉ được có tối đa 2 chữ số thập phân (đang là «1.000»).")]


def test_a_group_s_criteria_may_add_up_beyond_its_max():
    table = import_xlsx(
        workbook(
            [
                list(HEADERS),
                ["A", "Nhóm", 10, "Có", "A.1", "x", "điểm", 8, "Không"],
                ["A", "Nhóm", 10, "Có", "A.2", "y", "điểm", 8, "Không"],
            ]
        )
    )
    assert table.groups[0].reachable_points == 10


@pytest.mark.parametrize(
    ("cells", "row", "message"),
    [
        ({"G5": "sao vàng"}, 5, "Loại «sao vàng» không hợp lệ"),
        ({"H5": -3}, 5, "Điểm tối đa của tiêu chí «I.4» phải lớn hơn 0"),
        ({"H5": "tám"}, 5, "Điểm tối đa của tiêu chí «I.4» phải là một số"),
        ({"H5": None}, 5, "Điểm tối đa của tiêu chí «I.4» phải là một số"),
        ({"E5": "I.1"}, 5, "Mã tiêu chí «I.1» bị trùng (đã có ở dòng 2)"),
        ({"H5": 61}, 5, "Tiêu chí «I.4»: điểm tối đa 61 vượt điểm tối đa của nhóm (60)"),
        ({"F5": None}, 5, "Tiêu chí «I.4»: thiếu tên tiêu chí"),
        ({"G5": "trừ"}, 5, "Tiêu chí «I.4» là điểm trừ nhưng nhóm «I» có tiêu chí loại khác"),
        ({"C5": 50}, 5, "khác với dòng đầu của nhóm"),
        ({"I5": "có lẽ"}, 5, "Cột «Cần minh chứng» của tiêu chí «I.4» phải là «Có» hoặc «Không»"),
    ],
)
def test_a_broken_row_is_reported_by_number_and_nothing_is_imported(cells, row, message):
    data = export_xlsx(SAMPLE)
    with pytest.raises(TableImportError) as caught:
        import_xlsx(edited(data, **cells))
    assert [r for r, _ in caught.value.row_errors] == [row]
    [(_, text)] = caught.value.row_errors
    assert message in text
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.errors["non_field_errors"] == [f"Dòng {row}: {text}"]


def test_a_control_character_in_a_title_is_refused():
    """JSON ("\\u0007") or YAML ("\\a") can carry one; .xlsx cannot store it, so such a
    table could never be exported."""
    data = table_to_dict(SAMPLE)
    data["groups"][0]["criteria"][3]["title"] = "Quản lý\x07 đoàn ra"
    with pytest.raises(TableImportError) as caught:
        table_from_dict(data)
    assert caught.value.row_errors == [(None, "Tiêu chí «I.4»: mã hoặc tên có ký tự điều khiển không hợp lệ.")]


def test_a_group_s_rows_must_follow_one_another():
    rows = [
        list(HEADERS),
        ["A", "Nhóm A", 10, "Có", "A.1", "x", "điểm", 5, "Không"],
        ["B", "Nhóm B", 10, "Không", "B.1", "y", "điểm", 5, "Không"],
    ]
    rows.append(["A", "Nhóm A", 10, "Có", "A.2", "z", "điểm", 5, "Không"])
    with pytest.raises(TableImportError) as caught:
        import_xlsx(workbook(rows))
    assert caught.value.row_errors == [(4, "Các tiêu chí của nhóm «A» phải nằm liền nhau; nhóm này đã xuất hiện ở trên.")]


def test_every_broken_row_is_listed():
    data = edited(export_xlsx(SAMPLE), G3="sao", H7="x", F20=None)
    with pytest.raises(TableImportError) as caught:
        import_xlsx(data)
    assert [r for r, _ in caught.value.row_errors] == [3, 7, 20]


def test_empty_rows_are_skipped_and_columns_found_by_header():
    reordered = [HEADERS[4], HEADERS[5], HEADERS[6], HEADERS[7], HEADERS[8], "Ghi chú", *HEADERS[:4]]
    data = workbook(
        [
            reordered,
            ["A.1", "x", "điểm", 5, "không", "bỏ qua", "A", "Nhóm A", 10, "có"],
            [None] * 10,
            ["A.2", "y", "thưởng", 5, None, None, "A", "Nhóm A", 10, "có"],
        ]
    )
    table = import_xlsx(data)
    assert [c.code for c in table.criteria] == ["A.1", "A.2"]
    assert table.groups[0].professional is True


def test_a_missing_column_is_reported_on_the_header_row():
    with pytest.raises(TableImportError) as caught:
        import_xlsx(workbook([list(HEADERS[:-1]), ["A", "Nhóm", 10, "Có", "A.1", "x", "điểm", 8]]))
    assert caught.value.row_errors == [(1, "Thiếu cột «Cần minh chứng».")]


def test_a_sheet_without_criteria_is_refused():
    with pytest.raises(TableImportError, match="không có tiêu chí nào"):
        import_xlsx(workbook([list(HEADERS)]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "không phải là tệp Excel .xlsx hợp lệ"),  # an .exe renamed
        (b"", "không phải là tệp Excel .xlsx hợp lệ"),
        (b"%PDF-1.7\n", "không phải là tệp Excel .xlsx hợp lệ"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "Tệp .xls (Excel 97–2003) không được hỗ trợ"),
    ],
)
def test_files_that_are_not_xlsx_are_refused(data, message):
    with pytest.raises(TableImportError) as caught:
        import_xlsx(data)
    [(row, text)] = caught.value.row_errors
    assert row is None and message in text


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "xin chào")
    with pytest.raises(TableImportError, match=r"không phải là tệp Excel \.xlsx hợp lệ"):
        import_xlsx(out.getvalue())


def test_the_scoring_arithmetic_runs_without_django():
    """Models, services, the API and scripts all call it: it must not need settings or a database."""
    code = "import sys, thidua.scoring.arithmetic, thidua.scoring.table_io; sys.exit('django' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(SAMPLE_FILE.parents[3])}  # .../src
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
