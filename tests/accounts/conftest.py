import re

import pytest
from django.core import mail

LINK = re.compile(r"https?://\S+/(?:tai-khoan/kich-hoat|quen-mat-khau)/\S+/")


def link_in(message) -> str:
    """The one-time link of an e-mail, as a path for the test client."""
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return re.sub(r"^https?://[^/]+", "", found[0])


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


def can_sign_in(username: str, password: str) -> bool:
    """Through the sign-in page, as a person would (django-axes needs the request)."""
    from django.test import Client

    response = Client().post("/dang-nhap/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def provinces(transactional_db):
    """Transactional tests flush the tables between tests, including the provinces that a data
    migration loaded; put them back (as tests/e2e/conftest.py does)."""
    from thidua.org.models import Province
    from thidua.org.provinces import load_provinces

    if not Province.objects.exists():
        load_provinces(Province)
