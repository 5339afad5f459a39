from django.core.management.base import BaseCommand, CommandError

from thidua.core.audit import audit_verify


class Command(BaseCommand):
    help = "Check the hash chain of the whole audit trail and name the first broken link."

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            raise CommandError(f"Audit trail BROKEN at event #{report.broken_seq}: {report.problem} "
                               f"({report.checked} events verified before it).")
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {report.checked} events verified."))
