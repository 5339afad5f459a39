"""Assertions shared by the API tests."""


def assert_400(response, *fields: str, exact: bool = False) -> dict:
    """The contract's 400: {"<field>": ["message", ...]} with a message for each of `fields`."""
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    for field in fields:
        messages = body.get(field)
        assert isinstance(messages, list) and messages, body
        assert all(isinstance(m, str) and m.strip() for m in messages), body
    if exact:
        assert set(body) == set(fields), body
    return body


def assert_detail(response, status: int) -> str:
    """The contract's other errors: {"detail": "..."}."""
    assert response.status_code == status, (response.status_code, response.content)
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip()
    return detail
