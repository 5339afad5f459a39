"""Who issues the cluster's documents (one body per document, documents.document.Issuer).

The default, for every document type: the leader unit (Cụm trưởng) issues on behalf of
the cluster — its own header (parent body + its name), its own symbol ("KH-SNgV"), its
register and its seat as the place, and "TM. CỤM THI ĐUA SỐ 3" above the signer's title,
as clusters' regulations usually say the leader signs for the cluster. A setting per
cluster and document type (the cluster's own header and symbol "CTĐ", or no "TM." line)
can come later and belongs here, so that the documents and the numbering services keep
asking one function."""

from __future__ import annotations

import datetime as dt

from thidua.documents.document import Issuer
from thidua.documents.places import issuer_for_unit
from thidua.org.models import ClusterYear, Membership, Role, Unit


def leader_unit(cluster_year: ClusterYear) -> Unit | None:
    membership = (
        Membership.objects.select_related("unit", "unit__province").filter(cluster_year=cluster_year, role=Role.LEADER).first()
    )
    return membership.unit if membership is not None else None


def document_issuer(cluster_year: ClusterYear, day: dt.date, *, unit: Unit | None = None, doc_type: str = "") -> Issuer:
    """The issuer of a cluster document of `doc_type` dated `day`: `unit` (the unit that
    issued it, e.g. the plan's issuer) or the year's leader unit, on behalf of the cluster.
    Without a leader, the cluster itself under its organiser, with the year's document
    symbol (a draft nobody can number yet)."""
    cluster = cluster_year.cluster
    unit = unit or leader_unit(cluster_year)
    if unit is not None:
        return issuer_for_unit(unit, day, on_behalf_of=cluster.name)
    from thidua.cycle.services import year_settings_get  # services import this module's callers

    return Issuer(
        issuing_body=cluster.name, parent_authority=cluster.organizer.name, symbol=year_settings_get(cluster_year).document_symbol,
    )
