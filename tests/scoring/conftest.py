"""The scoring tests are plain Python: no database, no Django models."""

from decimal import Decimal

import pytest
from hypothesis import strategies as st

from thidua.scoring.arithmetic import PASS_FAIL, TableSpec
from thidua.scoring.table_io import load_sample

SAMPLE = load_sample()


@pytest.fixture
def sample() -> TableSpec:
    return SAMPLE


def full_marks(table: TableSpec) -> dict[str, Decimal]:
    """Every criterion at its max, no penalty."""
    return {c.code: (Decimal(0) if c.kind == "penalty" else c.max_points) for c in table.criteria}


@st.composite
def sheets(draw, table: TableSpec = SAMPLE) -> dict[str, Decimal]:
    """A valid sheet: each criterion left out or given an allowed value (cents)."""
    entries = {}
    for c in table.criteria:
        if not draw(st.booleans()):
            continue
        if c.kind == PASS_FAIL:
            entries[c.code] = draw(st.sampled_from([Decimal(0), c.max_points]))
        else:
            cents = draw(st.integers(0, int(c.max_points * 100)))
            entries[c.code] = Decimal(cents) / 100
    return entries


totals = st.integers(-1000, 11000).map(lambda cents: Decimal(cents) / 100)
