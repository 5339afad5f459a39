"""Every write of a cluster's year. Each function checks the actor's permission
(cycle/rules.py), then whether the year's phase allows the action (phases.py), validates,
writes in one transaction and records an audit event in it; refusals are domain errors
(403 Forbidden, 409 Conflict, 400 InvalidInput) with a Vietnamese message.

By subject, in the order of the year: `year_rules` (settings and deadlines), `launch`,
`registration`, `covenant`, `issuing` (numbering the covenant, issuing the conference
plan); `common` holds the text limits. Changing a year's phase is in
cycle/phase_service.py.

The names below are re-exported so that `from thidua.cycle import services;
services.launch_save(...)` and `from thidua.cycle.services import year_settings_get` keep
working; new code may import from the submodules."""

from .common import MAX_ITEM, MAX_ITEMS, MAX_TEXT
from .covenant import (
    covenant_build_on_entering,
    covenant_require_published_launch,
    covenant_save_text,
    covenant_sign,
    covenant_text_from_launch,
)
from .issuing import conference_plan_issue, covenant_number_issue, plan_subject
from .launch import launch_publish, launch_save
from .registration import registration_submit
from .year_rules import (
    SETTINGS_FIELDS,
    year_deadlines_set,
    year_rules_update,
    year_settings_create,
    year_settings_get,
    year_settings_update,
)

__all__ = [
    "MAX_ITEM",
    "MAX_ITEMS",
    "MAX_TEXT",
    "SETTINGS_FIELDS",
    "conference_plan_issue",
    "covenant_build_on_entering",
    "covenant_number_issue",
    "covenant_require_published_launch",
    "covenant_save_text",
    "covenant_sign",
    "covenant_text_from_launch",
    "launch_publish",
    "launch_save",
    "plan_subject",
    "registration_submit",
    "year_deadlines_set",
    "year_rules_update",
    "year_settings_create",
    "year_settings_get",
    "year_settings_update",
]
