"""PDFs off the request path: a cache of rendered PDFs keyed by the SHA-256 of
their HTML and of the renderer, and the background job that fills it.

The core knows no app: an app renders its HTML (fast) and hands it to
``lgsys.pdfs.services``; the worker (``manage.py pdf_worker``) does the slow part,
WeasyPrint's parse, layout and write. See README ("PDFs")."""
