"""Signals the organisation app sends, so that downstream apps (cycle, scoring, voting…)
can react to its changes without org importing them (dependencies point one way).
The phase hooks are the cycle app's (cycle.signals), with the service that changes a phase."""

from django.dispatch import Signal

#: Sent inside the transaction of `cluster_year_set_members`, with the cluster-year row
#: locked and before its membership is replaced, with cluster_year and actor. A receiver
#: asks "may this year's membership change now?" and refuses with a domain error (e.g.
#: voting: Conflict while a poll of the year is open — the electorate is frozen).
membership_changing = Signal()

#: Sent inside the same transaction once the membership is replaced (and the year's
#: `member_count` with it), with cluster_year and actor: a receiver brings what it keeps
#: about the members up to date (voting: how many of them have checked in). It must not
#: refuse — that is `membership_changing`'s part.
membership_changed = Signal()

#: Sent inside the transaction of the service that creates a ClusterYear
#: (`cluster_year_set_members`), with cluster_year and actor (None for the system): each
#: app creates the rows a year needs (cycle: the year's rules; voting: its conference),
#: audited, so that reading them later never writes. Receivers must be idempotent.
year_created = Signal()
