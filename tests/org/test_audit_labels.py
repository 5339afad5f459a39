"""The audit trail in words: every action the code base records has a Vietnamese label (read
from the sources, so a new action without one fails here), units and people by name, and a
poll's events shown as fields, not as a membership change."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
import rules
from django.apps import apps
from django.urls import reverse

import thidua
from thidua.core.audit import CHAIN_OPEN
from thidua.org.presenters import ACTION_LABELS

pytestmark = pytest.mark.django_db

AUDIT_CALLS = {"audit_record", "audit", "_audit", "audit_year", "_record"}
ACTION = re.compile(r"[a-z_]+\.[a-z_]+")


def recorded_actions() -> set[str]:
    """Every action code passed to an audit function in the sources, and the other string
    constants of the same families (actions chosen by a variable, e.g. criteria_table.*);
    f-strings ("conference.number_{kind}") are expanded by hand below."""
    calls, constants, keys = set(), set(), set()
    root = pathlib.Path(thidua.__file__).parent
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], ast.Constant):
                keys.add(node.elts[0].value)  # ("accounts.officer_roles", pk): a request memo's key, not an action
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ACTION.fullmatch(node.value):
                constants.add(node.value)
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in AUDIT_CALLS:
                for arg in [kw.value for kw in node.keywords if kw.arg == "action"] + node.args[:3]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and ACTION.fullmatch(arg.value):
                        calls.add(arg.value)
    families = {a.split(".")[0] for a in calls}
    not_actions = keys | set(rules.permissions.permissions) | {m._meta.label_lower for m in apps.get_models()}
    related = {
        c for c in constants - not_actions
        if c.split(".")[0] in families and not c.endswith(("_id", ".docx", ".pdf", ".xlsx", ".name", "_"))
    }
    return calls | related | {CHAIN_OPEN, "conference.number_invitation", "conference.number_minutes"}


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert len(actions) > 40  # the collector does find them
    missing = sorted(a for a in actions if a not in ACTION_LABELS)
    assert missing == [], f"add labels to org.presenters.ACTION_LABELS for: {missing}"
    assert all(str(label) and not ACTION.fullmatch(str(label)) for label in ACTION_LABELS.values())


def test_poll_events_read_in_words(world, client_for):
    from tests.voting.conftest import build_electorate
    from thidua.voting import services

    e = build_electorate(3, number="9")
    e.check_in()
    poll = services.poll_create(actor=e.leader_officer, cluster_year=e.cluster_year, data={
        "kind": "other", "title": "Biểu quyết về quy chế", "candidates": e.units[:2], "method": "yes_no"})
    services.poll_open(actor=e.leader_officer, poll=poll)
    client = client_for(e.organizer_officer)
    html = client.get(reverse("audit_list")).content.decode()
    assert "Tạo biểu quyết" in html and "Mở biểu quyết" in html and "Điểm danh" in html
    assert "poll.create" not in html.split("<form")[-1].split("</form>")[-1]  # no raw codes in the events
    assert "Không có thay đổi thành viên" not in html and "Lập danh sách 0 đơn vị" not in html
    # the units of a check-in by name, the acting person by full name
    assert e.units[0].name in html
    assert e.leader_officer.full_name in html
    assert f"· {e.leader_officer.username} ·" not in html
