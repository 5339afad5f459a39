import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.cycle.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = ("E-mail the officers and heads of the units with an open task whose deadline is N days away "
            "(run daily from cron; a second run on the same day sends nothing again).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="how many days before the deadline (default 3)")
        parser.add_argument("--date", help="act as if today were this day (YYYY-MM-DD); default: today in Vietnam")
        parser.add_argument("--base-url", default="", help="the address of ThiDua for the links, e.g. https://thidua.example.gov.vn")

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        report = send_deadline_reminders(today=today, days=options["days"], base_url=options["base_url"])
        self.stdout.write(
            f"{report.sent} reminder(s) sent; {report.skipped_already_sent} already sent today; "
            f"{report.skipped_no_email} without an e-mail address."
        )
