"""The narrative's small, safe markup.

Paragraphs are separated by an empty line; lines starting with "- " form a bullet
list; *text* is emphasised, **text** strong. Everything else is text: the input is
escaped first, so no HTML the writer types (a <script>, a javascript: link) ever
reaches the page or the PDF.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
EMPHASIS = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")


def _inline(text: str) -> str:
    text = escape(text)
    text = STRONG.sub(r"<strong>\1</strong>", text)
    return EMPHASIS.sub(r"<em>\1</em>", text)


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
