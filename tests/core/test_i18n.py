"""Languages: Vietnamese by default on pages whatever the browser asks; English when the
person chooses it; the API follows Accept-Language; the English catalogue is complete."""

import gettext
import json
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


def parse_po(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, [msgstr, …], fuzzy) for every entry but the header: enough of the PO format
    for the catalogues `makemessages` writes (plural entries give one msgstr per form)."""
    entries: list[tuple[str, list[str], bool]] = []
    msgid, msgstrs, fuzzy, current = None, {}, False, None

    def unquote(line: str) -> str:
        return json.loads(line[line.index('"') : line.rindex('"') + 1])

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid:  # the header has an empty msgid
                entries.append((msgid, [msgstrs[k] for k in sorted(msgstrs)], fuzzy))
            msgid, msgstrs, fuzzy, current = None, {}, False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = unquote(line), "id"
        elif line.startswith("msgid_plural "):
            current = "plural"
        elif line.startswith("msgstr"):
            current = int(line[line.index("[") + 1 : line.index("]")]) if line.startswith("msgstr[") else 0
            msgstrs[current] = unquote(line)
        elif line.startswith('"') and current == "id":
            msgid += unquote(line)
        elif line.startswith('"') and isinstance(current, int):
            msgstrs[current] += unquote(line)
    return entries


CATALOGUES = sorted((Path(settings.LOCALE_PATHS[0]).parent).glob("**/locale/en/LC_MESSAGES/django.po"))


def test_one_english_catalogue():
    """One catalogue for the whole project, so that a message never translates two ways
    (the apps' own catalogues did: 18 shared msgids with different English)."""
    assert CATALOGUES == [LOCALE / "django.po"]
    assert sorted(Path(settings.LOCALE_PATHS[0]).parent.glob("**/locale/*/LC_MESSAGES/*.mo")) == [LOCALE / "django.mo"]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_english_catalogue_is_complete_and_compiled(po):
    entries = parse_po(po)
    assert len(entries) > 10
    untranslated = [msgid for msgid, msgstrs, fuzzy in entries if fuzzy or not msgstrs or not all(msgstrs)]
    assert untranslated == []
    with open(po.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    singular = [(msgid, msgstrs[0]) for msgid, msgstrs, _ in entries if len(msgstrs) == 1]
    stale = [msgid for msgid, msgstr in singular if compiled.gettext(msgid) != msgstr]
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
