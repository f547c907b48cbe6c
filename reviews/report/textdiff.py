"""A readable word-level difference between two versions of a section's text.

The head reads what the coordinator changed: words deleted and inserted, with
the unchanged words around them. Long unchanged stretches are shortened to their
first and last words, so a change in a long section is found at a glance.
"""

import difflib
import re
from dataclasses import dataclass

# A word with the spaces after it: joining the tokens gives back the text, so
# the difference prints the text as it was written (a paragraph break included).
TOKEN = re.compile(r"\S+\s*|\s+")
CONTEXT = 12  # unchanged words kept on each side of a change


@dataclass(frozen=True)
class Piece:
    kind: str  # "equal", "delete", "insert" or "skip" (unchanged words left out)
    text: str

    @property
    def body(self) -> str:
        """The words, without the spacing after them (which is not struck
        through or underlined)."""
        return self.text.rstrip()

    @property
    def tail(self) -> str:
        return self.text[len(self.body) :]


def _tokens(text: str) -> list[str]:
    return TOKEN.findall((text or "").replace("\r\n", "\n"))


def _words(tokens: list[str]) -> list[str]:
    """What the comparison sees: the words without their spacing, so a changed
    line break alone is no change."""
    return [t.strip() for t in tokens]


def word_diff(old: str, new: str, context: int = CONTEXT) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``, word by word; unchanged runs
    longer than twice ``context`` keep ``context`` words at each end."""
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, _words(before), _words(after), False)
    pieces: list[Piece] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            pieces += _equal(after[j1:j2], index, len(opcodes), context)
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(before[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(after[j1:j2])))
    return pieces


def _equal(tokens: list[str], index: int, count: int, context: int) -> list[Piece]:
    head = context if index > 0 else 0  # words after the change before
    tail = context if index < count - 1 else 0  # words before the next change
    if len(tokens) <= head + tail + 1:
        return [Piece("equal", "".join(tokens))]
    pieces = []
    if head:
        pieces.append(Piece("equal", "".join(tokens[:head])))
    pieces.append(Piece("skip", ""))
    if tail:
        pieces.append(Piece("equal", "".join(tokens[-tail:])))
    return pieces


def changed(pieces: list[Piece]) -> bool:
    return any(p.kind in ("delete", "insert") for p in pieces)
