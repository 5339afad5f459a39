"""The numbering registry: consecutive numbers per (unit, issuer symbol, type, year),
restarting every 1 January, never repeated, never skipped, audited."""

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.db import IntegrityError, connections

from tests.factories import UnitFactory, UserFactory
from thidua.core.audit import audit_verify
from thidua.core.errors import Conflict, Forbidden, InvalidInput
from thidua.core.models import AuditEvent
from thidua.documents import numbering
from thidua.documents.models import IssuedDocument, NumberCounter
from thidua.documents.numbering import document_number_issue
from thidua.org.models import Province
from thidua.org.provinces import load_provinces

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DAY = dt.date(2022, 11, 23)


@pytest.fixture
def unit(db):
    return UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Nam", symbol="SNgV", parent_authority="UBND TỈNH QUẢNG NAM")


@pytest.fixture
def clerk(unit):
    return UserFactory(unit=unit, is_unit_officer=True)


def issue(actor, unit, *, doc_type="KH", symbol="CTĐ", date=DAY, subject="Tổ chức Hội nghị tổng kết"):
    return document_number_issue(actor=actor, unit=unit, doc_type=doc_type, issuer_symbol=symbol, date=date, subject=subject)


def test_numbers_are_consecutive_and_displayed_with_a_leading_zero(clerk, unit):
    docs = [issue(clerk, unit) for _ in range(11)]
    assert [d.number for d in docs] == list(range(1, 12))
    assert [str(d.document_number) for d in docs[:2]] == ["01/KH-CTĐ", "02/KH-CTĐ"]
    assert str(docs[8].document_number) == "09/KH-CTĐ" and str(docs[9].document_number) == "10/KH-CTĐ"
    assert docs[0].year == 2022 and docs[0].date == DAY and docs[0].issued_by == clerk
    assert NumberCounter.objects.get(unit=unit, issuer_symbol="CTĐ", doc_type="KH", year=2022).last_number == 11


def test_numbers_restart_on_1_january(clerk, unit):
    december = [issue(clerk, unit, date=dt.date(2022, 12, 31)).number for _ in range(3)]
    january = issue(clerk, unit, date=dt.date(2023, 1, 1))
    assert december == [1, 2, 3] and january.number == 1 and str(january.document_number) == "01/KH-CTĐ"
    # a late 2022 document still continues 2022's sequence
    assert issue(clerk, unit, date=dt.date(2022, 12, 30)).number == 4
    assert issue(clerk, unit, date=dt.date(2023, 3, 2)).number == 2


def test_each_unit_type_and_symbol_has_its_own_counter(clerk, unit):
    other_unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Bình")
    other_clerk = UserFactory(unit=other_unit, is_unit_officer=True)
    assert [issue(clerk, unit).number for _ in range(2)] == [1, 2]
    assert issue(clerk, unit, doc_type="BC").number == 1
    assert issue(clerk, unit, symbol="SNgV").number == 1
    letter = issue(clerk, unit, doc_type="", symbol="SNgV-VP", subject="góp ý dự thảo")
    assert letter.number == 1 and str(letter.document_number) == "01/SNgV-VP"
    assert issue(other_clerk, other_unit).number == 1
    assert issue(clerk, unit).number == 3
    assert NumberCounter.objects.count() == 5


def test_issue_is_audited(clerk, unit):
    doc = issue(clerk, unit)
    event = AuditEvent.objects.get(action="document.number_issue")
    assert event.object_type == "documents.issueddocument" and event.object_id == str(doc.pk)
    assert event.actor_id == clerk.pk and event.organizer_ref == unit.managed_by_id
    assert event.after["number"] == 1 and event.after["doc_type"] == "KH" and event.after["issuer_symbol"] == "CTĐ"
    assert audit_verify().ok


def test_only_the_units_staff_and_the_admin_may_issue(unit):
    head = UserFactory(unit=unit, is_unit_head=True)
    admin = UserFactory(is_superuser=True, is_staff=True)
    outsider = UserFactory(unit=UnitFactory(), is_unit_officer=True)
    delegate = UserFactory(unit=unit, is_delegate=True)
    assert issue(head, unit).number == 1 and issue(admin, unit).number == 2
    for actor in (outsider, delegate, None):
        with pytest.raises(Forbidden):
            issue(actor, unit)
    assert IssuedDocument.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("subject", {"subject": "   "}),
        ("issuer_symbol", {"symbol": "A/B"}),
        ("issuer_symbol", {"symbol": ""}),
        ("doc_type", {"doc_type": "K H"}),
        ("date", {"date": "2022-11-23"}),
    ],
)
def test_invalid_requests_take_no_number(clerk, unit, field, kwargs):
    with pytest.raises(InvalidInput) as info:
        issue(clerk, unit, **kwargs)
    assert field in info.value.errors
    assert not NumberCounter.objects.exists() and not IssuedDocument.objects.exists()


def test_a_failed_issue_leaves_no_gap(clerk, unit, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(numbering, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        issue(clerk, unit)
    monkeypatch.undo()
    assert issue(clerk, unit).number == 1


def test_the_database_refuses_the_same_number_twice(clerk, unit):
    doc = issue(clerk, unit)
    with pytest.raises(IntegrityError):
        IssuedDocument.objects.create(
            unit=unit, issuer_symbol="CTĐ", doc_type="KH", year=2022, number=doc.number, date=DAY, subject="Bản trùng số"
        )


def test_a_lost_race_for_the_first_counter_row_is_retried(clerk, unit, monkeypatch):
    real = numbering._take_number
    calls = []

    def racing(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint number_counter_unique")
        return real(**kwargs)

    monkeypatch.setattr(numbering, "_take_number", racing)
    assert issue(clerk, unit).number == 1 and len(calls) == 2


def test_a_race_lost_every_time_is_a_conflict(clerk, unit, monkeypatch):
    def always(**kwargs):
        raise IntegrityError("duplicate")

    monkeypatch.setattr(numbering, "_take_number", always)
    with pytest.raises(Conflict):
        issue(clerk, unit)


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: SQLite serialises all writers, so it cannot show row locking at work")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_repeat_or_skip_a_number():
    load_provinces(Province)  # transactional tests flush the data migration's provinces
    unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Nam")
    clerk = UserFactory(unit=unit, is_unit_officer=True)
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work():
        try:
            barrier.wait()  # every thread asks for the first-ever number at the same moment
            for _ in range(per_thread):
                doc = issue(clerk, unit, date=dt.date(2026, 2, 5), subject="Cấp số đồng thời")
                with lock:
                    numbers.append(doc.number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    total = threads_count * per_thread
    assert sorted(numbers) == list(range(1, total + 1))  # no duplicates, no gaps
    assert list(IssuedDocument.objects.order_by("number").values_list("number", flat=True)) == list(range(1, total + 1))
    assert NumberCounter.objects.get().last_number == total
    assert audit_verify().ok and AuditEvent.objects.filter(action="document.number_issue").count() == total


# --- the number the unit's văn thư gave -------------------------------------------------------
def test_a_number_given_by_the_van_thu_is_recorded_and_the_next_follows_it(clerk, unit):
    assert issue(clerk, unit).number == 1
    given = document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=DAY, subject="Kế hoạch", number=91)
    assert str(given.document_number) == "91/KH-SNgV" and given.issued_by == clerk
    assert issue(clerk, unit, symbol="SNgV").number == 92  # the register's next number follows the given one
    # a smaller number the văn thư gave (a gap in the book) is accepted and does not pull the counter back
    assert document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=DAY, subject="Cũ", number=7).number == 7
    assert issue(clerk, unit, symbol="SNgV").number == 93
    assert AuditEvent.objects.filter(action="document.number_issue").count() == 5


def test_a_given_number_already_in_the_register_is_refused_and_nothing_is_saved(clerk, unit):
    issue(clerk, unit, symbol="SNgV")
    before = (IssuedDocument.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Conflict, match=r"Số 01/KH-SNgV đã có trong sổ đăng ký văn bản năm 2022 của Sở Ngoại vụ tỉnh Quảng Nam"):
        document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=DAY, subject="Trùng", number=1)
    assert (IssuedDocument.objects.count(), AuditEvent.objects.count()) == before
    assert NumberCounter.objects.get(unit=unit, issuer_symbol="SNgV").last_number == 1
    # the same number in another year, type or unit's register is another number
    assert document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=dt.date(2023, 1, 5),
                                 subject="Năm sau", number=1).number == 1
    assert document_number_issue(actor=clerk, unit=unit, doc_type="GM", issuer_symbol="SNgV", date=DAY, subject="Giấy mời",
                                 number=1).number == 1


@pytest.mark.parametrize("bad", [0, -1, 100000, "91", 9.5, True])
def test_a_given_number_must_be_a_whole_number_from_1(clerk, unit, bad):
    with pytest.raises(InvalidInput) as exc:
        document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=DAY, subject="Sai", number=bad)
    assert exc.value.field == "number" and "từ 1 đến 99999" in exc.value.message
    assert not IssuedDocument.objects.exists() and not NumberCounter.objects.exists()


def test_a_given_number_needs_the_right_to_issue(unit):
    stranger = UserFactory(unit=UnitFactory(), is_unit_officer=True)
    with pytest.raises(Forbidden):
        document_number_issue(actor=stranger, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=DAY, subject="Kế hoạch", number=91)
    assert not IssuedDocument.objects.exists()


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: SQLite serialises all writers, so it cannot show row locking at work")
@pytest.mark.django_db(transaction=True)
def test_concurrent_given_and_automatic_numbers_never_collide():
    """Clerks entering the same given number at the same moment while others take the
    next number: one given number wins, the others are refused, no number twice."""
    load_provinces(Province)
    unit = UnitFactory(name="Sở Ngoại vụ tỉnh Quảng Nam")
    clerk = UserFactory(unit=unit, is_unit_officer=True)
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    results: list[object] = []
    lock = threading.Lock()

    def work(i):
        try:
            barrier.wait()
            kwargs = {"number": 5} if i % 2 == 0 else {}
            doc = document_number_issue(actor=clerk, unit=unit, doc_type="KH", issuer_symbol="SNgV", date=dt.date(2026, 2, 5),
                                        subject="Đồng thời", **kwargs)
            with lock:
                results.append(doc.number)
        except Conflict as exc:
            with lock:
                results.append(exc)
        except BaseException as exc:
            with lock:
                results.append(("error", exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not [r for r in results if isinstance(r, tuple)], results
    numbers = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(numbers) == len(set(numbers)) and numbers.count(5) == 1 and len(refused) == 2
    stored = list(IssuedDocument.objects.values_list("number", flat=True))
    assert sorted(stored) == sorted(numbers)
    assert NumberCounter.objects.get().last_number == max(numbers)
