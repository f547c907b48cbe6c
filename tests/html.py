"""Parts of a rendered page that tests look at."""

import re

HISTORY_SECTION = re.compile(
    r'<section class="history" aria-labelledby="history-heading">.*?</section>', re.S
)


def history_section(html: str) -> str:
    """The record's change history (includes/_history.html) in ``html``: its
    heading and entries, not the menu's "Ändringshistorik" link."""
    match = HISTORY_SECTION.search(html)
    assert match, "the page has no change-history section"
    return match[0]
