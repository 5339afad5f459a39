"""Languages: Vietnamese by default on pages whatever the browser asks; English when the
person chooses it; the API follows Accept-Language; the English catalogue is complete."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; enough of the PO format for
    the catalogues `makemessages` writes (no plural forms are used in ThiDua)."""
    entries, msgid, msgstr, fuzzy, current = [], None, None, False, None

    def unquote(line):
        return (
            line[line.index('"') + 1 : line.rindex('"')]
            .encode("latin-1", "backslashreplace")
            .decode("unicode_escape")
            .encode("latin-1")
            .decode("utf-8")
        )

    def flush():
        if msgid:  # the header has an empty msgid
            entries.append((msgid, msgstr or "", fuzzy))

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, msgstr, current = unquote(line), None, "id"
        elif line.startswith("msgstr "):
            msgstr, current = unquote(line), "str"
        elif line.startswith('"') and current == "id":
            msgid += unquote(line)
        elif line.startswith('"') and current == "str":
            msgstr += unquote(line)
        elif not line:
            flush()
            msgid, msgstr, fuzzy, current = None, None, False, None
    return entries


def test_english_catalogue_is_complete_and_compiled():
    entries = parse_po(LOCALE / "django.po")
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert untranslated == []
    compiled = gettext.GNUTranslations(open(LOCALE / "django.mo", "rb"))  # noqa: SIM115
    stale = [msgid for msgid, msgstr, _ in entries if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages`: the compiled catalogue is older than the .po"


@pytest.mark.django_db
def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode() and "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_pages_switch_to_english_when_chosen(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dang-nhap/"})
    assert response.status_code == 302
    page = client.get("/dang-nhap/").content.decode()
    assert '<html lang="en">' in page and "Sign in" in page and "Đăng nhập" not in page
