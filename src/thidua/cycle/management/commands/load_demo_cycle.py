from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.cycle.demo import load_cycle_demo


class Command(BaseCommand):
    help = "Load the demo of the emulation year (Cụm thi đua số 3: launch, covenant, registrations) after `load_demo`. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="load even though DEBUG is off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --allow-production if you mean it.")
        for line in load_cycle_demo():
            self.stdout.write(line)
