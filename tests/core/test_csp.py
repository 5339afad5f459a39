"""Content-Security-Policy and Permissions-Policy on pages (issue 7): no inline script and
no inline style anywhere, only the project's own files; templates are scanned so that an
inline <script>, an on*= handler or a style="" attribute added later fails here."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.matrix.test_cycle_matrix import in_covenant
from thidua.core.templatetags.percent import pct, stylesheet

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "thidua"
pytestmark = pytest.mark.django_db

# The one template allowed inline styles: the self-contained document preview, which a PDF
# renderer also reads and which is served with its own, script-free policy (core/csp.py),
# and the body blocks it includes (only ever rendered inside it).
SELF_CONTAINED = {
    SRC / "documents" / "templates" / "documents" / "document.html",
    SRC / "documents" / "templates" / "documents" / "_blocks.html",
}


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert "style-src-attr" not in policy and "script-src-attr" not in policy


def assert_permissions_policy(response):
    header = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


def test_sign_in_page_has_a_strict_policy(client):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    assert_strict(response)
    assert_permissions_policy(response)


@pytest.mark.parametrize("url", ["/", "/cum/", "/don-vi/"])
def test_signed_in_pages_have_a_strict_policy(client_for, world, url):
    response = client_for(world.member_officer).get(url, follow=True)
    assert response.status_code == 200
    assert_strict(response)
    assert_permissions_policy(response)


def test_api_responses_carry_the_policy_too(api_for, world):
    response = api_for(world.member_officer).get("/api/v1/")
    assert_strict(response)


def test_api_docs_serve_their_initialisation_as_a_script_of_their_own(client_for, world):
    client = client_for(world.member_officer)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert_strict(page)
    html = page.content.decode()
    assert not inline_scripts(html) and "<style" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_there_is_no_redoc_page(client_for, world):
    # Redoc's bundle writes inline styles and loads its logo from a third party.
    assert client_for(world.member_officer).get("/api/redoc/").status_code == 404


def test_document_preview_runs_no_script_at_all(client_for, world):
    in_covenant(world)
    response = client_for(world.member_officer).get(reverse("cycle_covenant_preview", args=[world.cluster.pk, 2026]))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'none'"] and policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_htmx_is_told_not_to_inject_styles_nor_evaluate_code(client_for, world):
    html = client_for(world.member_officer).get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html
    assert not inline_scripts(html)


# --- every template -------------------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def inline_scripts(html: str) -> list[str]:
    """Scripts the policy would refuse: with content, or without src (data blocks of type
    application/json are not run and are allowed)."""
    found = []
    for attributes, body in SCRIPT.findall(html):
        if re.search(r"""type\s*=\s*["']application/(ld\+)?json""", attributes, re.IGNORECASE):
            continue
        if body.strip() or "src=" not in attributes:
            found.append(attributes + body[:60])
    return found


def templates() -> list[Path]:
    return sorted(p for p in SRC.rglob("templates/**/*.html"))


def test_there_are_templates_to_scan():
    assert len(templates()) > 50


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(SRC)))
def test_template_has_no_inline_script_handler_or_style(path):
    text = TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
    assert not inline_scripts(text), "inline <script>: move it into a static .js file"
    assert not HANDLER.search(text), "on*= event handler: attach it from a static .js file"
    assert not JS_URL.search(text), "javascript: URL"
    if path in SELF_CONTAINED:
        return
    assert not STYLE_ELEMENT.search(text), "<style> element: move it into a static .css file"
    assert not STYLE_ATTR.search(text), 'style="" attribute: use a class (widths: core/percent.css, the |pct filter)'


def test_the_scan_catches_what_it_must():
    assert inline_scripts("<script>alert(1)</script>") and inline_scripts('<script type="module">x()</script>')
    assert not inline_scripts('<script src="/static/a.js"></script>')
    assert not inline_scripts('<script id="data" type="application/json">{"a": 1}</script>')
    assert HANDLER.search('<button class="x" onclick="go()">') and not HANDLER.search('<button data-on="x">')
    assert STYLE_ATTR.search('<div class="x" style="width: 3%">') and not STYLE_ATTR.search('<div data-style="x">')


# --- widths without style="" -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "step"), [(0, 0), (50, 100), ("66.67", 133), (12.25, 24), (100, 200), (150, 200), (-5, 0), (None, 0), ("", 0), ("nan", 0)]
)
def test_percent_filter_gives_a_half_percent_step(value, step):
    assert pct(value) == step


def test_percent_stylesheet_is_the_generated_one():
    css = (SRC / "core" / "static" / "core" / "percent.css").read_text()
    assert css == stylesheet()
    assert ".td-w-133{width:66.5%}" in css and ".td-x-200{left:100%}" in css


# --- check --deploy --------------------------------------------------------------------------------------


def test_deploy_check_is_quiet_with_the_projects_policies():
    from thidua.core.checks import page_policies

    assert page_policies(None) == []


def test_deploy_check_warns_without_the_policies_or_with_inline_script(settings):
    from thidua.core.checks import page_policies

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "csp.middleware.CSPMiddleware"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", "'unsafe-inline'"]}}
    settings.PERMISSIONS_POLICY = {}
    assert {problem.id for problem in page_policies(None)} == {"thidua.W001", "thidua.W002", "thidua.W003"}
