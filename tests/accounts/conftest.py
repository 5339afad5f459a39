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
