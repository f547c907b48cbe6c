"""Crawl the pages of an organisation the way a user would, by following links.

Used by the tests that must cover every page and every form without a list of
them: the hostile-input tests (POST forms, and the GET forms that filter lists)
and the accessibility test.
"""

import contextlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

MAX_PAGES = 400
SKIPPED_ACTIONS = ("/logga-ut/", "/i18n/setlang/", "/byt-organisation/")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field] = field(default_factory=list)
    method: str = "post"


class PageParser(HTMLParser):
    """Collects links and forms (with their fields) from a page: POST forms in
    ``forms``, GET forms (search and filters) in ``get_forms``."""

    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.get_forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        # What the Content-Security-Policy would block: inline scripts and styles.
        self.inline: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a or (tag == "script" and not a.get("src")) or tag == "style":
            self.inline.append(f"<{tag}{' style=' if 'style' in a else ''}>")
        if any(name.startswith("on") for name in a):
            self.inline.append(f"<{tag}> event handler attribute")
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            if method in {"get", "post"}:
                self._form = Form(
                    self.url,
                    urljoin(self.url, a.get("action") or self.url),
                    method=method,
                )
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                self._form.fields.append(Field(a["name"], kind, ""))
                return
            self._form.fields.append(Field(a["name"], kind, a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._form.fields.append(Field(a["name"], "textarea"))
        elif tag == "select" and a.get("name"):
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = Field(a["name"], kind)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            if self._form.method == "get":
                self.get_forms.append(self._form)
            elif not self._form.action.endswith(SKIPPED_ACTIONS) and not any(
                s in self._form.action for s in SKIPPED_ACTIONS
            ):
                self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Site:
    pages: dict[str, str]  # view name -> the first path seen for it
    forms: list[Form]
    inline: list[str]  # "path: what", inline code the CSP would block
    get_forms: list[Form] = field(default_factory=list)


def crawl(client, start: str, visit=None) -> Site:
    """Every page under ``start`` reachable by links, and every form on them;
    ``visit(path, html)``, if given, sees every page's HTML as it is read."""
    prefix = urlsplit(start).path
    seen, queue, forms, pages, inline = set(), [start], {}, {}, []
    get_forms = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        # One visit per path: sorting, filtering and paging show the same forms.
        path = urlsplit(url).path
        if path in seen or "format=" in urlsplit(url).query:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get(
            "Content-Type", ""
        ):
            continue
        with contextlib.suppress(Resolver404):
            pages.setdefault(resolve(urlsplit(path).path).view_name, path)
        html = response.content.decode()
        if visit is not None:
            visit(path, html)
        parser = PageParser("http://testserver" + path)
        parser.feed(html)
        inline += [f"{path}: {what}" for what in parser.inline]
        for form in parser.forms:
            key = (urlsplit(form.action).path, tuple(f.name for f in form.fields))
            forms.setdefault(key, form)
        for form in parser.get_forms:
            key = (urlsplit(form.action).path, tuple(f.name for f in form.fields))
            get_forms.setdefault(key, form)
        for link in parser.links:
            parts = urlsplit(link)
            if parts.netloc in {"", "testserver"} and parts.path.startswith(prefix):
                queue.append(link)
    return Site(
        pages=pages,
        forms=list(forms.values()),
        inline=inline,
        get_forms=list(get_forms.values()),
    )
