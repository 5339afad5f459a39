from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.org.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo clusters (Cụm thi đua số II and số 3), their units and demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="do not list the demo accounts")
        parser.add_argument("--allow-production", action="store_true", help="load even though DEBUG is off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("Refusing to load demo accounts with DEBUG off; pass --allow-production if you mean it.")
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({result.created_units} new units)."))
        if not options["quiet_accounts"]:
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            featured = ("quantri", "bng.thidua", "thanhhoa.", "quangtri.", "danang.", "quangbinh.", "thainguyen.")
            shown = [a for a in result.accounts if a[0].startswith(featured)]
            for username, description in shown:
                self.stdout.write(f"  {username:<22} {description}")
            self.stdout.write(f"  … and <province>.canbo / <province>.lanhdao for every unit ({len(result.accounts)} accounts).")
