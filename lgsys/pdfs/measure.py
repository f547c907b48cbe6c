"""Measurements of the PDF path, for ``make bench`` / ``make bench-server`` to call
(and ``manage.py pdf_measure`` to print): figures, never assertions.

- ``first_pdf_cost``: in fresh processes, the first real PDF after the warm-up
  (what gunicorn.conf.py and the worker do) against a warm one, and the import's
  cost without it.
- ``worker_memory``: the worker's RSS before and after renders in forked
  children (PDF_RENDER_ISOLATED), and, for comparison, in its own process.
- ``page_delay_during_renders``: an ordinary page's latency on a running server,
  quiet and while the worker renders two PDFs at once."""

import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

from django.conf import settings


def sample_html(paragraphs: int = 400) -> str:
    """A report-like document (~12 pages) with the print style sheet and fonts."""
    rows = "".join(
        f"<tr><th scope='row'>Risk {i}</th><td>Hög</td><td>Åtgärd {i}</td></tr>"
        for i in range(40)
    )
    body = "".join(
        f"<h2>Avsnitt {i}</h2><p>Ledningens genomgång av informationssäkerheten, "
        f"stycke {i}. "
        + "Riskerna, åtgärderna och incidenterna under året. " * 6
        + "</p>"
        + (f"<table><caption>Tabell {i}</caption>{rows}</table>" if i % 40 == 0 else "")
        for i in range(paragraphs)
    )
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        '<title>Mätning</title><link rel="stylesheet" href="css/print.css">'
        f"</head><body><h1>Mätning</h1>{body}</body></html>"
    )


_FRESH = """
import json, time, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lgsys.settings")
import django; django.setup()
from lgsys.pdfs.measure import sample_html
html = sample_html({paragraphs})
t0 = time.perf_counter()
from lgsys.pdfs import render
imported = time.perf_counter() - t0
warm = {warm}
if warm:
    t0 = time.perf_counter(); render.warm_up(); warm_up = time.perf_counter() - t0
else:
    warm_up = 0.0
t0 = time.perf_counter(); render.html_to_pdf(html); first = time.perf_counter() - t0
later = []
for _ in range({later}):
    t0 = time.perf_counter(); render.html_to_pdf(html)
    later.append(time.perf_counter() - t0)
later.sort()
second = later[len(later) // 2]  # the median warm render: one alone is noisy
print(json.dumps(dict(imported=imported, warm_up=warm_up, first=first, second=second)))
"""

# Warm renders after the first, in each fresh process: their median is "warm".
LATER_RENDERS = 3


def _fresh(warm: bool, paragraphs: int) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _FRESH.format(warm=warm, paragraphs=paragraphs, later=LATER_RENDERS),
        ],
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    return json.loads(out.decode().strip().splitlines()[-1])


def _spread(values) -> dict:
    values = list(values)
    return {
        "min": round(min(values), 3),
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
    }


def first_pdf_cost(runs: int = 5, paragraphs: int = 120) -> dict:
    """Seconds, over ``runs`` fresh processes each way (a document of
    ``paragraphs`` paragraphs: 120 make ~10 pages): the first render against
    the median of the next three in the same process."""
    warmed = [_fresh(True, paragraphs) for _ in range(runs)]
    cold = [_fresh(False, paragraphs) for _ in range(runs)]
    return {
        "runs": runs,
        "paragraphs": paragraphs,
        "warmed": {
            "import_s": _spread(r["imported"] for r in warmed),
            "warm_up_s": _spread(r["warm_up"] for r in warmed),
            "first_s": _spread(r["first"] for r in warmed),
            "warm_s": _spread(r["second"] for r in warmed),
            "first_over_warm": _spread(r["first"] / r["second"] for r in warmed),
        },
        "not_warmed": {
            "first_with_import_s": _spread(r["imported"] + r["first"] for r in cold),
            "warm_s": _spread(r["second"] for r in cold),
            "first_over_warm": _spread(
                (r["imported"] + r["first"]) / r["second"] for r in cold
            ),
        },
    }


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker_memory(renders: int = 5) -> dict:
    """Megabytes of RSS of this process: after the warm-up, after ``renders``
    isolated renders, then after as many in-process renders."""
    from lgsys.pdfs import render

    html = sample_html()
    render.warm_up()
    start = _rss_mb()
    for _ in range(renders):
        render.html_to_pdf_isolated(html)
    isolated = _rss_mb()
    for _ in range(renders):
        render.html_to_pdf(html)
    in_process = _rss_mb()
    return {
        "renders": renders,
        "start_mb": round(start, 1),
        "after_isolated_mb": round(isolated, 1),
        "isolated_growth_mb": round(isolated - start, 1),
        "after_in_process_mb": round(in_process, 1),
        "in_process_growth_mb": round(in_process - start, 1),
    }


def _latencies(url: str, seconds: float, headers: dict) -> list[float]:
    found, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        request = urllib.request.Request(url, headers=headers)
        t0 = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
        found.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.05)
    return found


def _percentiles(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
        "max_ms": round(ms[-1], 1),
    }


def page_delay_during_renders(
    url: str, *, seconds: float = 8, headers: dict | None = None
) -> dict:
    """An ordinary page (``url`` on a running server, with ``headers``, e.g. a
    session cookie) quiet, then while two PDFs are queued at once for the worker
    (``manage.py pdf_worker`` must be running against the same database)."""
    from lgsys.pdfs import services
    from lgsys.pdfs.models import PdfRender

    headers = headers or {}
    quiet = _latencies(url, seconds, headers)
    stamp = time.time()
    jobs = [
        services.render_request(html=sample_html(900) + f"<!-- {stamp} {i} -->")
        for i in range(2)
    ]
    during: list[float] = []
    thread = threading.Thread(
        target=lambda: during.extend(_latencies(url, seconds, headers))
    )
    started = time.monotonic()
    thread.start()
    thread.join()
    while (
        any(PdfRender.objects.without_pdf().get(pk=j.pk).pending for j in jobs)
        and time.monotonic() - started < 300
    ):
        during.extend(_latencies(url, 1, headers))
    rendered = time.monotonic() - started
    after = _latencies(url, seconds, headers)  # the machine's own noise, again
    return {
        "quiet": _percentiles(quiet),
        "quiet_after": _percentiles(after),
        "two_renders": _percentiles(during),
        "renders_done_within_s": round(rendered, 1),
        "states": [PdfRender.objects.without_pdf().get(pk=j.pk).state for j in jobs],
        "p95_delay_ms": round(
            _percentiles(during)["p95_ms"] - _percentiles(quiet)["p95_ms"], 1
        ),
    }
