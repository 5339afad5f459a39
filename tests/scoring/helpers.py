"""Helpers of the scoring tests that use the database (models, services, API, pages and
the permission matrix): a small criteria table, moving the `world` fixture's year to a
phase, filling and submitting sheets through the services, and files to upload."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.org.models import ClusterYear, Phase
from thidua.scoring import services
from thidua.scoring.models import CriteriaTable, ScoreSheet

# A small table: a professional group (points + pass/fail), an ordinary group, a bonus
# group and a penalty group. Base 30 points, bonus 5, penalty 5.
SMALL_TABLE = {
    "groups": [
        {"code": "I", "title": "Nhiệm vụ chuyên môn", "max_points": 20, "professional": True, "criteria": [
            {"code": "I.1", "title": "Tham mưu chương trình đối ngoại", "kind": "points", "max_points": 10, "evidence": True,
             "guidance": "Có văn bản ban hành: 10 điểm."},
            {"code": "I.2", "title": "Hợp tác quốc tế", "kind": "points", "max_points": 8, "evidence": True},
            {"code": "I.3", "title": "Báo cáo đúng hạn", "kind": "pass_fail", "max_points": 2},
        ]},
        {"code": "II", "title": "Thi đua, khen thưởng", "max_points": 10, "criteria": [
            {"code": "II.1", "title": "Phát động phong trào", "kind": "points", "max_points": 6},
            {"code": "II.2", "title": "Tham gia hoạt động của Cụm", "kind": "points", "max_points": 4},
        ]},
        {"code": "III", "title": "Điểm thưởng", "max_points": 5, "criteria": [
            {"code": "III.1", "title": "Được tặng Cờ thi đua", "kind": "bonus", "max_points": 5},
        ]},
        {"code": "IV", "title": "Điểm trừ", "max_points": 5, "criteria": [
            {"code": "IV.1", "title": "Gửi báo cáo chậm", "kind": "penalty", "max_points": 5},
        ]},
    ]
}  # fmt: skip

FULL = [
    {"criterion": "I.1", "points": "10"}, {"criterion": "I.2", "points": "8"}, {"criterion": "I.3", "points": "2"},
    {"criterion": "II.1", "points": "6"}, {"criterion": "II.2", "points": "4"},
]  # fmt: skip


def entries(**points) -> list[dict]:
    """entries(I_1=7.5, IV_1=1) -> [{"criterion": "I.1", "points": "7.5"}, ...]."""
    return [{"criterion": code.replace("_", "."), "points": str(value), "note": ""} for code, value in points.items()]


def set_phase(cluster_year: ClusterYear, phase: str) -> ClusterYear:
    ClusterYear.objects.filter(pk=cluster_year.pk).update(phase=phase)
    cluster_year.refresh_from_db()
    return cluster_year


def make_table(world, data=None, *, frozen: bool = False) -> CriteriaTable:
    table = services.criteria_table_replace(actor=world.organizer_officer, cluster_year=world.cluster_year, data=data or SMALL_TABLE)
    if frozen:
        services.criteria_table_freeze(actor=world.organizer_officer, cluster_year=world.cluster_year)
        table.refresh_from_db()
    return table


def open_self_assessment(world) -> ClusterYear:
    make_table(world, frozen=True)
    return set_phase(world.cluster_year, Phase.SELF_ASSESSMENT)


def officer_of(world, unit):
    return {world.leader_unit.pk: world.leader_officer, world.deputy_unit.pk: world.deputy_officer,
            world.member_unit.pk: world.member_officer}[unit.pk]  # fmt: skip


def submit_self(world, unit, items) -> ScoreSheet:
    actor = officer_of(world, unit)
    services.self_sheet_save(actor=actor, cluster_year=world.cluster_year, unit=unit, entries=items)
    return services.self_sheet_submit(actor=actor, cluster_year=world.cluster_year, unit=unit, confirm_missing_evidence=True)


def submit_cross(world, unit, scorer, items) -> ScoreSheet:
    actor = officer_of(world, scorer)
    services.cross_sheet_save(actor=actor, cluster_year=world.cluster_year, unit=unit, scorer=scorer, entries=items)
    return services.cross_sheet_submit(actor=actor, cluster_year=world.cluster_year, unit=unit, scorer=scorer)


def units(world):
    return [world.leader_unit, world.deputy_unit, world.member_unit]


def scored_year(world, totals: dict | None = None) -> ClusterYear:
    """The world's year in the ranking phase: every unit self-assessed (full marks) and
    cross-scored by both others with the points of `totals[unit]` in I.1 (+ the rest)."""
    open_self_assessment(world)
    for unit in units(world):
        submit_self(world, unit, FULL)
    set_phase(world.cluster_year, Phase.CROSS_SCORING)
    totals = totals or {}
    for unit in units(world):
        for scorer in units(world):
            if scorer != unit:
                i1 = totals.get(unit.pk, {}).get(scorer.pk, 9)
                submit_cross(world, unit, scorer, [*entries(I_1=i1, I_2=8, II_1=6)])
    return set_phase(world.cluster_year, Phase.RANKING)


# --- files ---------------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def office_zip(folder: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}/document.xml", "<x/>")
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def media(settings, tmp_path):
    """Evidence files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def points(value) -> Decimal:
    return Decimal(str(value))
