"""Paper mode: the counting committee's figures for a poll voted on paper (design: "Paper
mode"), checked for arithmetic (validation.clean_paper); the close counts them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.errors import Conflict
from thidua.core.permissions import require
from thidua.cycle import phases

from ..models import PaperTally, Poll
from ..validation import clean_paper
from .common import audit, locked_poll


@transaction.atomic
def paper_tally_save(*, actor, poll: Poll, figures: dict) -> PaperTally:
    """The counting committee's figures for a paper poll (while it is open): ballots
    issued, returned, valid, invalid and the votes per candidate, checked for arithmetic."""
    cluster_year = poll.cluster_year
    require(actor, "voting.manage", cluster_year, _("Chỉ đơn vị Cụm trưởng và cơ quan tổ chức được nhập kết quả kiểm phiếu."))
    poll = locked_poll(poll)
    if poll.mode != Poll.Mode.PAPER:
        raise Conflict(_("Biểu quyết này bỏ phiếu điện tử: kết quả do hệ thống kiểm."))
    if poll.state != Poll.State.OPEN:
        raise Conflict(_("Chỉ nhập kết quả kiểm phiếu khi biểu quyết đang mở (trước khi kết thúc)."))
    phases.require_phase(cluster_year, "vote")
    candidate_ids = list(poll.candidates.order_by("order", "pk").values_list("unit_id", flat=True))
    clean = clean_paper(poll, candidate_ids, figures)
    row, _created = PaperTally.objects.update_or_create(poll=poll, defaults={**clean, "entered_by": actor if actor.pk else None})
    audit(actor, "poll.paper_tally", poll, cluster_year, after=clean)
    return row
