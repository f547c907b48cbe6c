"""The Swedish catalogues read as Swedish written for a living (issue 17,
point 8): the words the finding named, and the review called "genomgång"
throughout."""

import re

import polib

from lgsys.management.commands.compilepo import catalogue_paths

# msgstr patterns no Swedish catalogue may use, and why.
WRONG = {
    r"\bPostnummer\b": "a postcode; a record's number is “Postens nummer”",
    r"(?i)datablock|registerblock": "jargon: “Uppgifter i rapporten”",
    r"-{5,}": "Django's placeholder; an empty choice is “Välj …” or “Alla”",
    r"\b[Gg]ransknings?(en|ens|år)\b": "the review is “genomgången” everywhere",
}


def _entries():
    for path in catalogue_paths():
        if path.parts[-3] != "sv":
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                if text:
                    yield path, entry, text


def test_no_swedish_string_uses_a_word_the_users_stumbled_over():
    found = [
        f"{path.parent.parent.parent.name}: {entry.msgid!r} -> {text!r} ({why})"
        for path, entry, text in _entries()
        for pattern, why in WRONG.items()
        if re.search(pattern, text)
    ]
    assert found == []


def test_the_words_the_finding_asked_for():
    by_id = {entry.msgid: text for _path, entry, text in _entries()}
    assert by_id["Record number"] == "Postens nummer"
    assert by_id["Data blocks"] == "Uppgifter i rapporten"
    assert by_id["Reason"] == "Anledning"
    assert by_id["Choose …"] == "Välj …"
    assert by_id["No, not to be reported"].startswith("Nej")
