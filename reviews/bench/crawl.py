"""The pages the bench measures, found the way a user finds them: by following
links from the organisation's start page, as each role (like tests/crawl.py).
No page list is written by hand, so a new page is measured without anyone
adding it here."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

MAX_PAGES = 400
# Pages of one view read for their links: at the large size a list links to 50
# records of the same view, and reading them all adds nothing new.
MAX_PER_VIEW = 4
# Not pages: leaving, switching language or organisation, and files. The PDFs
# are measured on their own (the report split and the archived download).
SKIPPED_PATHS = ("/logga-ut/", "/i18n/setlang/", "/byt-organisation/")


class _Links(HTMLParser):
    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(urljoin(self.url, href))


def view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def is_file(name: str) -> bool:
    """A view that answers with a file (PDF, export), not a page."""
    return "pdf" in name.split(":")[-1] or name.endswith(("_export", ":export"))


def crawl(client, start: str) -> dict[str, str]:
    """view name -> the first path (with its query) that shows it, for every
    HTML page under ``start`` reachable by links. One visit per path: sorting,
    filtering and paging lead to the same view."""
    prefix = urlsplit(start).path
    seen, queue, pages, visits = set(), [start], {}, {}
    while queue and sum(visits.values()) < MAX_PAGES:
        parts = urlsplit(queue.pop(0))
        path = parts.path
        if path in seen or "format=" in parts.query:
            continue
        seen.add(path)
        name = view_name(path)
        if name is None or is_file(name) or path.endswith(SKIPPED_PATHS):
            continue
        if visits.get(name, 0) >= MAX_PER_VIEW:
            continue
        visits[name] = visits.get(name, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get(
            "Content-Type", ""
        ):
            continue
        pages.setdefault(name, path)
        parser = _Links("http://testserver" + path)
        parser.feed(response.content.decode())
        for link in parser.links:
            found = urlsplit(link)
            if found.netloc in {"", "testserver"} and found.path.startswith(prefix):
                queue.append(link)
    return pages
