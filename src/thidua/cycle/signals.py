"""The phase hooks the cycle app offers (decision 0009), so that downstream apps (scoring,
voting…) take part in a year's phase change without cycle importing them. Both are sent
by `cycle.phase_service.cluster_year_set_phase` with cluster_year, old_phase, new_phase,
actor, inside its transaction and with the year's row locked. Receivers are connected in
their AppConfig.ready() and must not swallow errors (`send`, not `send_robust`)."""

from django.dispatch import Signal

#: Before anything is written: "may the year move now?". A receiver only reads, and refuses
#: by raising a domain error (e.g. voting: Conflict while a poll is open). It must not write:
#: a later receiver may still refuse, and the trail must show the cause before the effects.
phase_changing = Signal()

#: After the phase is saved and its audit event `cluster_year.set_phase` recorded: the
#: effects of entering a phase (scoring freezes the criteria table, cycle builds the
#: covenant's text), each audited after the change that caused it. Same transaction: a
#: failing receiver rolls the phase change back with everything else.
phase_changed = Signal()
