"""The renderer: HTML → tagged PDF (PDF/A-3a, declared PDF/UA-1) with WeasyPrint,
loading only the project's static files; a warm-up for fresh processes; and a
render in a forked child so the worker's memory stays where it started. Only the
worker (and tests, and ``manage.py review_pdf``) import this module."""

import contextlib
import ctypes
import gc
import os
import pickle
import signal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from lgsys.pdfs.keys import STATIC, renderer_version

PDF_VARIANT = "pdf/a-3a"
UA_XMP = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
    b' pdfuaid:part="1"/></rdf:RDF>'
)


class StaticFetcher(URLFetcher):
    """The renderer loads the project's static files (style sheet, fonts,
    images) and data: URLs (the organisation's logo), nothing else: no network,
    no other file."""

    def fetch(self, url, headers=None):
        if url.startswith("data:") or _is_static(url):
            return super().fetch(url, headers)
        raise ValueError(f"The report loads only its own static files: {url[:80]}")


def _is_static(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(url2pathname(parts.path)).resolve().is_relative_to(STATIC)


def html_to_pdf(html: str) -> bytes:
    """Render in this process (seconds for a long report)."""
    document = HTML(
        string=html, base_url=str(STATIC), url_fetcher=StaticFetcher()
    ).render(pdf_variant=PDF_VARIANT, pdf_tags=True)
    # Declare PDF/UA-1 besides PDF/A-3a: the document is tagged, its language,
    # title and reading order set.
    document.metadata.xmp_metadata.append(UA_XMP)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>lgsys</title>'
    '<link rel="stylesheet" href="css/print.css"></head>'
    "<body><h1>Uppvärmning</h1><p>Åäö <b>fet</b> <i>kursiv</i> <b><i>båda</i></b></p>"
    "<table><caption>t</caption><tr><th>a</th><td>1</td></tr></table>"
    '<svg width="10" height="10"><rect width="5" height="5"/></svg></body></html>'
)


def warm_up() -> None:
    """Render a small document with the print style sheet and its fonts, so the
    first real PDF of a fresh process costs what a warm one does. (Importing this
    module already imported WeasyPrint, which runs gcc/ld/ldconfig through
    ctypes.util.find_library to find Pango and the rest.)

    Then what start-up and the warm-up made (modules, fonts, caches) is kept out
    of the garbage collector's full passes: otherwise the first render's full
    pass walks all of it (with PostgreSQL's driver loaded, the first PDF cost
    1.07-1.09x a warm one, against 0.97-1.0x frozen), and later renders pay it
    now and then. Forked renders (``html_to_pdf_isolated``) inherit it."""
    html_to_pdf(WARM_UP_HTML)
    renderer_version()
    gc.collect()
    gc.freeze()


RENDER_NICENESS = 10


class RenderFailed(Exception):
    pass


def _die_with_parent() -> None:
    """A render whose worker was killed stops too (Linux; elsewhere it runs to
    its end and finds nobody reading)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def html_to_pdf_isolated(html: str) -> bytes:
    """Render in a forked child that exits afterwards: what the render allocates
    (WeasyPrint keeps much of it) goes with the child, so the worker's memory
    stays where it started, and the child inherits the worker's warmed-up
    WeasyPrint. The child only renders (it never touches the database) and sends
    the bytes, or the error, back through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 0
        try:
            os.close(read_end)
            _die_with_parent()
            # Below the web servers' priority where they share the machine: a
            # page never waits behind a render for the CPU.
            os.nice(RENDER_NICENESS)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                payload = pickle.dumps(("ok", html_to_pdf(html)))
            except Exception as error:  # reported to the parent, which records it
                payload = pickle.dumps(("error", f"{type(error).__name__}: {error}"))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if not data or code != 0:
        raise RenderFailed(f"The render process ended with status {code}.")
    kind, value = pickle.loads(data)  # our own child's bytes, never outside data
    if kind != "ok":
        raise RenderFailed(value)
    return value
