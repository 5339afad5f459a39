"""The demo records Cụm thi đua số II's 2017 awards as the seed article says (the decision
illustrative), and the unit page shows them."""

import pytest
from django.urls import reverse

from thidua.awards.models import Award, Decision

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_records_the_2017_awards_of_cluster_ii(demo_loaded, client_for, django_db_blocker):
    with django_db_blocker.unblock():
        decision = Decision.objects.get(year=2017, illustrative=True)
        assert "MINH HỌA" in decision.note and decision.number in decision.note
        # a number that reads as "n/QĐ-X": the generated decision shows it, not a blank
        from thidua.awards.documents import decision_document

        assert decision_document(decision).number.number == 1
        got = sorted(
            (a.unit.province.short_name, a.award) for a in Award.objects.filter(decision=decision).select_related("unit__province")
        )
        assert got == [
            ("Bắc Giang", "flag_ministry"),
            ("Bắc Ninh", "merit_minister"),
            ("Hòa Bình", "merit_minister"),
            ("Yên Bái", "flag_ministry"),
        ]
        yen_bai = Award.objects.get(decision=decision, unit__province__name="Yên Bái").unit
        successor = yen_bai.successor_links.get().successor
        from thidua.org.models import User

        viewer = User.objects.filter(organizer=decision.organizer, is_organizer_officer=True).first()
        html = client_for(viewer).get(reverse("unit_detail", args=[successor.pk]), follow=True).content.decode()
    assert "Cờ thi đua cấp Bộ, ngành, tỉnh năm 2017" in html and "khi là Sở Ngoại vụ tỉnh Yên Bái" in html
    assert "số liệu minh họa" in html
