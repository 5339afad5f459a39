"""Who may do what with a cluster-year's proposal dossier and the achievement reports.
Reading the dossier follows the year (`cycle.view_year`: its members and its organizer);
the leader unit builds and submits it (on behalf of the cluster); the organizer's officers
review it; a proposed unit's officer writes its report and its head confirms it."""

from __future__ import annotations

import rules

from thidua.cycle import phases
from thidua.org.rules import acts_for_year_leader, is_admin, manages


@rules.predicate
def officer_of_reports_unit(user, report) -> bool:
    return bool(user and user.is_authenticated and user.is_unit_officer and report is not None and user.unit_id == report.unit_id)


@rules.predicate
def head_of_reports_unit(user, report) -> bool:
    return bool(user and user.is_authenticated and user.is_unit_head and report is not None and user.unit_id == report.unit_id)


# the leader unit builds the dossier in the `proposals` phase (409 in another phase)
phases.add_perm_now("awards.build_dossier", is_admin | acts_for_year_leader, "build_dossier")
rules.add_perm("awards.submit_dossier", is_admin | acts_for_year_leader)
# the organizer (the Ministry's officers) returns or accepts it
rules.add_perm("awards.review_dossier", manages)
rules.add_perm("awards.write_report", officer_of_reports_unit)
rules.add_perm("awards.confirm_report", head_of_reports_unit)
