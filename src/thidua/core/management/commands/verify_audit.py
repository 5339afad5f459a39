from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit import GENESIS, audit_verify
from thidua.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check every chain of the audit trail (links, keyed hashes, sealed heads) and name the first bad event."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="HASH",
            help="a head hash printed earlier (e.g. in vote-counting minutes) that the trail must still contain; repeatable",
        )

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit trail BROKEN in chain {report.chain} at event #{report.broken_seq}: {report.problem} "
                f"({report.checked} events verified before it)."
            )
        # A trail put back to an older genuine state verifies; a hash printed since then
        # (the minutes print the chain's head at a poll's close) is what it no longer has.
        for anchor in options["anchor"]:
            anchor = anchor.strip().lower()
            event = AuditEvent.objects.filter(hash=anchor).first()
            if event is None and anchor != GENESIS:
                raise CommandError(f"Audit trail BROKEN: the printed head {anchor} is not in the trail (events after it were removed).")
            if event is not None:
                self.stdout.write(f"Anchor {anchor[:16]}… is event #{event.seq} of chain {event.chain}.")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {report.checked} events verified in {report.chains} chains."))
