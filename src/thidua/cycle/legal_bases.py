"""The law and the decree on emulation and commendation in force on a day, as a
decision's "Căn cứ …;" lines cite them: a decision cites what is in force on its date, so a
2017 decision never cites the 2022 Law, nor a 2026 one Decree 98/2023, which Decree
152/2025 replaced on 1 July 2025 (the periods of docs' rules: up to 2023 the Law of 2003 as
amended and Decree 91/2017; from 2024 Law 06/2022/QH15 with Decree 98/2023; from 1 July
2025 Decree 152/2025)."""

from __future__ import annotations

import datetime as dt

LAW_2003 = ("Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
            "khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013;")
LAW_2022 = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DETAIL = "của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"

#: (in force from, the law's line, the decree's line), newest first
PERIODS: tuple[tuple[dt.date, str, str], ...] = (
    # the decree's date is left for the drafter to check: it is not in the product's sources
    (dt.date(2025, 7, 1), LAW_2022, f"Căn cứ Nghị định số 152/2025/NĐ-CP {DETAIL}"),
    (dt.date(2024, 1, 1), LAW_2022, f"Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 {DETAIL}"),
    (dt.date(2017, 7, 31), LAW_2003, f"Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 {DETAIL}"),
    (dt.date.min, LAW_2003, f"Căn cứ Nghị định số 42/2010/NĐ-CP ngày 15 tháng 4 năm 2010 {DETAIL}"),
)


def emulation_law_bases(day: dt.date) -> list[str]:
    """The two "Căn cứ" lines of the law and its detailing decree in force on `day`."""
    _start, law, decree = next(p for p in PERIODS if p[0] <= day)
    return [law, decree]
