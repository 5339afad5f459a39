"""Signals the organisation app sends, so that downstream apps (cycle, scoring, voting…)
can react to its changes without org importing them (dependencies point one way)."""

from django.dispatch import Signal

#: Sent inside the transaction of `cluster_year_set_phase`, after the phase is saved, with
#: cluster_year, old_phase, new_phase, actor. A receiver may raise a domain error
#: (thidua.core.errors) to refuse the move: the whole transaction is then rolled back.
#: Receivers must not swallow errors: use `send` semantics, not `send_robust`.
phase_changed = Signal()
