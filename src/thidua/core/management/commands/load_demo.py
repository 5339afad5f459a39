from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from thidua.core.demo import demo_steps


class Command(BaseCommand):
    help = "Load the demo data of every installed app (Cụm thi đua số II and số 3, their years, demo accounts). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="do not list the demo accounts")
        parser.add_argument("--allow-production", action="store_true", help="load even though DEBUG is off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("Refusing to load demo accounts with DEBUG off; pass --allow-production if you mean it.")
        with transaction.atomic():  # all or nothing: a failed step leaves no half-loaded demo
            for step in demo_steps():
                for line in step.loader():
                    if options["quiet_accounts"] and line.startswith("  "):
                        continue
                    self.stdout.write(line)
        if getattr(settings, "THIDUA_REQUIRE_2FA", True) and not options["quiet_accounts"]:
            self.stdout.write(
                "Two-factor sign-in is required of organizer officers and the system admin: at their first sign-in\n"
                "they set up an authenticator app (scan the QR code). To try the demo without a phone: THIDUA_REQUIRE_2FA=0 make run"
            )
