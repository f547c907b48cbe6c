"""Bounded work for every input (issue 15): what a user sends costs time and
memory in proportion to its size, and no more than the limits allow."""

import random
import re
import time

from django.utils.html import escape

from reviews.report import markup

# The markup's former regexes: the scanner must give what they gave.
OLD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
OLD_EMPHASIS = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")


def _old_inline(text: str) -> str:
    text = OLD_STRONG.sub(r"<strong>\1</strong>", escape(text))
    return OLD_EMPHASIS.sub(r"<em>\1</em>", text)


def test_the_markup_scanner_gives_what_the_regexes_gave():
    rng = random.Random(15)
    pieces = ["*", "**", "***", "a", "b", " ", "\t", "\u00a0", "<", "&", "\n"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert markup._inline(text) == _old_inline(text), repr(text)
    assert markup.render("Det *viktiga* och **det viktigaste** i *år*.") == (
        "<p>Det <em>viktiga</em> och <strong>det viktigaste</strong> i <em>år</em>.</p>"
    )
    assert markup.render("2 * 3 * 4 och *öppen") == "<p>2 * 3 * 4 och *öppen</p>"


def test_the_markup_is_rendered_in_linear_time():
    rng = random.Random(1)
    mixed = "".join(rng.choice(["*", "**", "a", " "]) for _ in range(700_000))
    for text in (
        "**a " * 250_000,
        "*a" * 500_000,
        "a*" * 500_000,
        "* " * 500_000,
        "**" * 500_000,
        "*a **b " * 150_000,
        "**a *b " * 150_000,
        "- **a " * 170_000,
        mixed,
    ):
        assert len(text) >= 800_000
        began = time.perf_counter()
        markup.render(text)
        assert time.perf_counter() - began < 1.0, text[:20]
