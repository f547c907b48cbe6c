"""Swedish first, English second.

Every string is translated, and the user can switch.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from lgsys.management.commands.compilepo import catalogue_paths

ROOT = Path(settings.BASE_DIR)
SOURCE_DIRS = ["lgsys", "classification", "reviews", "actions", "templates"]

GETTEXT_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}
TPL_TRANS = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<s>.*?)(?P=q)""")
TPL_UNDERSCORE = re.compile(r"""\b_\((?P<q>["'])(?P<s>.*?)(?P=q)\)""")
TPL_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?(?P<opts>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}",
    re.S,
)
TPL_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _block_msgids(opts: str, body: str) -> list[str]:
    parts = re.split(r"{%\s*plural\s*%}", body)
    ids = []
    for part in parts:
        text = TPL_VAR.sub(r"%(\1)s", part)
        if "trimmed" in opts:
            text = " ".join(line.strip() for line in text.strip().splitlines())
        ids.append(text)
    return ids


def _python_msgids(source: str) -> list[str]:
    """Literal first arguments of gettext calls (adjacent literals joined)."""
    ids = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in GETTEXT_FUNCTIONS:
            continue
        args = node.args[1:] if name.startswith("pgettext") else node.args
        literal = [a.value for a in args[:2] if isinstance(a, ast.Constant) and a.value]
        if literal and isinstance(literal[0], str):
            ids.append(literal[0])
    return ids


def extracted_msgids() -> dict[str, str]:
    """msgid -> the file it came from, for every literal marked for translation."""
    found = {}
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if "migrations" in path.parts or not path.is_file():
                continue
            text = (
                path.read_text(encoding="utf-8")
                if path.suffix in {".py", ".html", ".txt"}
                else ""
            )
            if path.suffix == ".py":
                for msgid in _python_msgids(text):
                    found[msgid] = str(path)
            elif path.suffix in {".html", ".txt"}:
                for m in TPL_TRANS.finditer(text):
                    found[m["s"]] = str(path)
                for m in TPL_UNDERSCORE.finditer(text):
                    found[m["s"]] = str(path)
                for m in TPL_BLOCK.finditer(text):
                    for msgid in _block_msgids(m["opts"], m["body"]):
                        found[msgid] = str(path)
    return found


def swedish_catalogue() -> dict[str, polib.POEntry]:
    entries = {}
    for path in catalogue_paths():
        if path.parts[-3] == "sv":
            for entry in polib.pofile(str(path)):
                entries[entry.msgid] = entry
                if entry.msgid_plural:
                    entries[entry.msgid_plural] = entry
    return entries


def test_every_marked_string_has_a_swedish_translation():
    catalogue = swedish_catalogue()
    missing = {
        msgid: where
        for msgid, where in extracted_msgids().items()
        if msgid not in catalogue
        or "fuzzy" in catalogue[msgid].flags
        or not (catalogue[msgid].msgstr or catalogue[msgid].msgstr_plural)
    }
    assert missing == {}


def test_compiled_catalogues_are_up_to_date():
    paths = catalogue_paths()
    assert paths
    for po_path in paths:
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"run `make messages` to compile {po_path}"
        po = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in polib.pofile(str(po_path)).translated_entries()
        }
        mo = {
            (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
            for e in polib.mofile(str(mo_path))
            if e.msgid
        }
        assert po == mo, f"{mo_path} is stale: run `make messages`"


@pytest.mark.django_db
def test_swedish_by_default_and_english_on_request(client, coordinator, org):
    login = client.get("/logga-in/").content.decode()
    assert '<html lang="sv">' in login
    assert "Logga in" in login

    client.force_login(coordinator)
    page = client.get(f"/{org.code}/").content.decode()
    assert "Hoppa till innehållet" in page
    assert "Översikt" in page

    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/{org.code}/"}
    )
    assert response.status_code == 302
    page = client.get(f"/{org.code}/").content.decode()
    assert '<html lang="en">' in page
    assert "Skip to content" in page
    assert "Overview" in page
