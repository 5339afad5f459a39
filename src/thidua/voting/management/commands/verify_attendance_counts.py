from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from thidua.org.models import ClusterYear
from thidua.org.services import cluster_year_recount_members
from thidua.voting.selectors import counted_attendance
from thidua.voting.services import present_recount


class Command(BaseCommand):
    help = (
        "Check that every year's kept attendance counts (its members, those checked in at its conference) "
        "equal its rows; --repair counts the differing ones again (e.g. after rows were restored by hand)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="count the differing years again and store the counts")

    def handle(self, *args, **options):
        years = ClusterYear.objects.select_related("cluster", "conference").order_by("cluster_id", "year")
        differing, checked = [], 0
        for cluster_year in years.iterator(chunk_size=500):
            checked += 1
            kept = (cluster_year.member_count, cluster_year.conference.present_count)
            counted = counted_attendance(cluster_year)
            if kept != counted:
                differing.append(cluster_year)
                self.stdout.write(
                    f"{cluster_year.cluster.name} {cluster_year.year}: kept {kept[0]} members, {kept[1]} present; "
                    f"the rows say {counted[0]} and {counted[1]}."
                )
                if options["repair"]:
                    with transaction.atomic():
                        cluster_year_recount_members(cluster_year)
                        present_recount(cluster_year)
        if differing and not options["repair"]:
            raise CommandError(f"{len(differing)} year(s) keep counts that differ from their rows (run again with --repair).")
        done = f"; {len(differing)} repaired" if differing else ""
        self.stdout.write(self.style.SUCCESS(f"Attendance counts checked in {checked} years{done}."))
