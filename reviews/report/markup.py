"""The narrative's small, safe markup.

Paragraphs are separated by an empty line; lines starting with "- " form a bullet
list; *text* is emphasised, **text** strong. Everything else is text: the input is
escaped first, so no HTML the writer types (a <script>, a javascript: link) ever
reaches the page or the PDF.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# (marker width, opener, closer, tag): an opener is the marker before a
# non-space, a closer the marker after one. Each pattern has a fixed width, so
# a search for it is linear.
STRONG = (2, re.compile(r"\*\*(?=\S)"), re.compile(r"(?<=\S)\*\*"), "strong")
EMPHASIS = (1, re.compile(r"\*(?=\S)"), re.compile(r"(?<=\S)\*"), "em")


def _pair(line: str, marker: tuple) -> str:
    r"""Wrap each opener and the nearest closer after it (at least one character
    in between) in the marker's tag, left to right; a marker without a partner
    stays as it is.

    The same result as ``re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", ...)`` on one
    line, in linear time: that regex looks for a closer from every opener anew,
    which is quadratic on a long line of openers without closers
    (``"**a " * 250000``). Here each closer search starts after the previous
    pair, and an opener without a closer ends the scan (a later opener has none
    either), so the line is read about once.
    """
    width, opener, closer, tag = marker
    out, done = [], 0
    start = opener.search(line)
    while start is not None:
        end = closer.search(line, start.start() + width + 1)
        if end is None:
            break
        out += [line[done : start.start()], f"<{tag}>"]
        out += [line[start.start() + width : end.start()], f"</{tag}>"]
        done = end.end()
        start = opener.search(line, done)
    out.append(line[done:])
    return "".join(out)


def _inline(text: str) -> str:
    lines = escape(text).split("\n")  # a pair never spans lines
    return "\n".join(_pair(_pair(line, STRONG), EMPHASIS) for line in lines)


def blocks(text: str) -> list[tuple[str, list[str] | str]]:
    """("p", text) and ("ul", [items]) in order; plain text, not HTML."""
    result: list = []
    for chunk in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith(("- ", "• ")):
                if paragraph:
                    result.append(("p", " ".join(paragraph)))
                    paragraph = []
                items.append(stripped[2:].strip())
            else:
                if items:
                    result.append(("ul", items))
                    items = []
                paragraph.append(stripped)
        if paragraph:
            result.append(("p", " ".join(paragraph)))
        if items:
            result.append(("ul", items))
    return result


def render(text: str) -> SafeString:
    html = []
    for kind, content in blocks(text):
        if kind == "p":
            html.append(f"<p>{_inline(content)}</p>")
        else:
            items = "".join(f"<li>{_inline(item)}</li>" for item in content)
            html.append(f"<ul>{items}</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece was escaped above
