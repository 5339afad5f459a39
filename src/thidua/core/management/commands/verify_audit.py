from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit import audit_verify


class Command(BaseCommand):
    help = "Check every chain of the audit trail (links, keyed hashes, sealed heads) and name the first bad event."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit trail BROKEN in chain {report.chain} at event #{report.broken_seq}: {report.problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {report.checked} events verified in {report.chains} chains."))
