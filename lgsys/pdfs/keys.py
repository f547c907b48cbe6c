"""The cache key of a PDF: SHA-256 over the renderer's version and the HTML.
Imports no WeasyPrint (the web processes never load it)."""

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

STATIC = (Path(settings.BASE_DIR) / "static").resolve()
# Raise when lgsys.pdfs.render changes what it makes of the same HTML: every
# cached PDF is then rendered anew.
RENDERER_VERSION = "1"
# The static files a document may load (the print style sheet, its fonts and
# images): a change to any of them changes the key.
RENDER_STATIC = ("css/print.css", "fonts", "img")


@cache
def renderer_version() -> str:
    """WeasyPrint's version, ours, and the SHA-256 of every static file a
    document may load, as one hex digest (computed once per process)."""
    digest = hashlib.sha256()
    digest.update(
        f"weasyprint {version('weasyprint')}\0lgsys {RENDERER_VERSION}\0".encode()
    )
    for name in RENDER_STATIC:
        root = STATIC / name
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(STATIC)).encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_key(html: str) -> str:
    digest = hashlib.sha256(renderer_version().encode())
    digest.update(b"\0")
    digest.update(html.encode())
    return digest.hexdigest()
