"""gunicorn for production: ``gunicorn -c gunicorn.conf.py`` (see README,
"Production"). Every setting can be overridden on the command line.

The hooks warm WeasyPrint up before a worker takes requests: importing it runs
gcc/ld/ldconfig through ctypes.util.find_library to find Pango and the rest
(~1.4 s), and the first document loads the fonts. The master does it once
(``when_ready``) and each worker inherits it through the fork; ``post_fork``
renders a tiny document in the worker so its first real PDF costs what a warm one
does. (PDFs are rendered by the PDF worker, ``manage.py pdf_worker``, not in web
requests; the warm-up matters where a process renders: the immediate backend,
``manage.py review_pdf``.) LGSYS_GUNICORN_WARM_PDF=0 turns it off."""

import os

wsgi_app = "lgsys.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Recycle workers now and then (staggered), so no process grows for ever.
max_requests = 2000
max_requests_jitter = 200
timeout = 30
graceful_timeout = 30
accesslog = "-"

WARM = os.environ.get("LGSYS_GUNICORN_WARM_PDF", "1") not in ("0", "false", "no")


def _warm_up(log, who: str) -> None:
    import time

    import lgsys.wsgi  # noqa: F401  (sets Django up as the workers do: production)

    started = time.monotonic()
    from lgsys.pdfs import render

    # It also keeps what the warm-up left (fonts, caches) with start-up's
    # objects outside the garbage collector's full passes (gc.freeze).
    render.warm_up()
    log.info("%s: WeasyPrint warmed up in %.2f s", who, time.monotonic() - started)


def when_ready(server):
    if WARM:
        _warm_up(server.log, "master")


def post_fork(server, worker):
    if WARM:
        _warm_up(server.log, f"worker {worker.pid}")
