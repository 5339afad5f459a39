"""The browser enforces the Content-Security-Policy: an inline script is refused (and the
harness notices, so that any page the other browser tests visit would fail on one), while
the project's own scripts — Bootstrap, htmx, Swagger UI — work."""

import pytest

from tests.factories import PASSWORD, UserFactory

from .conftest import screenshot, sign_in


@pytest.fixture
def user(provinces):
    return UserFactory(username="nguoi_dung")


def test_an_inline_script_is_refused_and_the_harness_notices(new_page, user):
    page = new_page()
    page.goto("/dang-nhap/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline_ran = true";
        document.body.appendChild(s);
    }""")
    for _ in range(100):  # the console's report arrives when it arrives: wait for it, up to 10 s
        if any("Content Security Policy" in p for p in new_page.problems):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.__inline_ran === undefined")
    assert any("Content Security Policy" in p for p in new_page.problems)
    new_page.problems.clear()  # the deliberate one


def test_own_scripts_run_under_the_policy(new_page, user):
    page = new_page(phone=True)
    sign_in(page, user.username, PASSWORD)
    # Bootstrap's collapse (the phone menu) is a static script: it opens.
    page.click(".navbar-toggler")
    page.wait_for_selector("#mainnav.show")
    assert page.evaluate("() => typeof htmx === 'object' && htmx.config.includeIndicatorStyles === false")
    # htmx injected no <style> of its own.
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0


def test_api_docs_render_under_the_policy(new_page, user):
    page = new_page()
    sign_in(page, user.username, PASSWORD)
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    screenshot(page, "e2e-api-docs")


def test_admin_works_under_the_policy(new_page, provinces):
    UserFactory(username="quan_tri", is_superuser=True, is_staff=True)
    page = new_page()
    sign_in(page, "quan_tri", PASSWORD)
    for url in ("/admin/", "/admin/core/auditevent/", "/admin/auth/group/add/"):
        page.goto(url)
        assert page.locator("#content").count() == 1, url
