"""Signals the organisation app sends, so that downstream apps (cycle, scoring, voting…)
can react to its changes without org importing them (dependencies point one way)."""

from django.dispatch import Signal

#: Sent inside the transaction of `cluster_year_set_phase`, after the phase is saved, with
#: cluster_year, old_phase, new_phase, actor. A receiver may raise a domain error
#: (thidua.core.errors) to refuse the move: the whole transaction is then rolled back.
#: Receivers must not swallow errors: use `send` semantics, not `send_robust`.
phase_changed = Signal()

#: Sent inside the transaction of `cluster_year_set_members`, with the cluster-year row
#: locked and before its membership is replaced, with cluster_year and actor. A receiver
#: asks "may this year's membership change now?" and refuses with a domain error (e.g.
#: voting: Conflict while a poll of the year is open — the electorate is frozen).
membership_changing = Signal()

#: Sent inside the transaction of the service that creates a ClusterYear
#: (`cluster_year_set_members`), with cluster_year and actor (None for the system): each
#: app creates the rows a year needs (cycle: the year's rules; voting: its conference),
#: audited, so that reading them later never writes. Receivers must be idempotent.
year_created = Signal()
