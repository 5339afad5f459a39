"""Loading the provinces fixture (org/data/provinces.json, copied from the project's
shared reference data; its own "_about" field cites the sources: the GSO code list and
the National Assembly resolution of 12 June 2025). Used by a data migration, so that
every database — the demo, the tests, production — has both eras."""

import datetime as dt
import json
from pathlib import Path

from .text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "provinces.json"
CURRENT, BEFORE = "current", "before_2025_07_01"


def load_provinces(Province) -> int:
    """Create or update the 97 provinces (63 old + 34 new). Idempotent."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    new_by_code = {}
    for row in data["from_2025_07_01"]:
        obj, _ = Province.objects.update_or_create(
            era=CURRENT, code=row["code"],
            defaults={
                "name": row["name"], "division_type": row["division_type"], "search_name": fold(row["name"]),
                "valid_from": dt.date.fromisoformat(row["valid_from"]), "valid_to": None, "merged_into": None,
            },
        )
        new_by_code[row["code"]] = obj
    for row in data["before_2025_07_01"]:
        Province.objects.update_or_create(
            era=BEFORE, code=row["code"],
            defaults={
                "name": row["name"], "division_type": row["division_type"], "search_name": fold(row["name"]),
                "valid_from": None, "valid_to": dt.date.fromisoformat(row["valid_to"]),
                "merged_into": new_by_code[row["merged_into"]],
            },
        )
    return Province.objects.count()
