"""Why a record changed: stable codes in the history, words when it is shown.

Every service stores a reason code in ``history_change_reason`` ("created",
"normative_unlinked: <the coordinator's words>"), never a translated sentence, so
the audit trail reads the same whoever wrote it and in whatever language it is
read. ``label()`` turns a stored reason into words in the reader's language; a
reason that is no known code (the user's own words, or a row written before
codes) is shown as it is.

Each app declares its codes with ``define()`` in its ``services.py``; the core's
generic ones are below.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SEPARATOR = ": "
MAX_LENGTH = 100  # simple-history's history_change_reason column

_LABELS: dict[str, Promise] = {}


def define(**labels: Promise) -> None:
    """Declare reason codes and their (lazy, translatable) labels."""
    _LABELS.update(labels)


def reason(code: str, words: str = "") -> str:
    """The stored form of a reason: the code, and the user's own words if any."""
    if code not in _LABELS:
        raise ValueError(f"Unknown reason code {code!r}: declare it with define().")
    words = " ".join((words or "").split())
    text = f"{code}{SEPARATOR}{words}" if words else code
    if len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 1] + "…"
    return text


def label(stored: str | None) -> str:
    """A stored reason in the reader's language."""
    if not stored:
        return ""
    code, _sep, words = stored.partition(SEPARATOR)
    known = _LABELS.get(code)
    if known is None:
        return stored
    return f"{known}{SEPARATOR}{words}" if words else str(known)


define(
    created=_("created"),
    changed=_("changed"),
    deleted=_("deleted"),
    imported=_("imported"),
    reordered=_("reordered"),
    demodata=_("demo data"),
)
