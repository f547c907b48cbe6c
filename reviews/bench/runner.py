"""One benchmark phase: a fresh database at one size, then the measurements.

Every figure is taken in this one process, like against like: the page
crawl of each role, the extras (history search, the register as it was),
the admin peer interleaved with our list, the report's split inside each
render, the archived download. The machine's load is recorded before and after
each step."""

import gc
import os
import platform
import resource
import statistics
import subprocess
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.bench import crawl as crawler
from reviews.bench import pages as page_catalogue

SIZES = {
    "tiny": {  # for the tests
        "assets": 12,
        "risks": 20,
        "incidents": 8,
        "actions": 6,
        "history": 600,
    },
    "small": {
        "assets": 100,
        "risks": 300,
        "incidents": 50,
        "actions": 15,
        "history": 20_000,
    },
    "large": {
        "assets": 1000,
        "risks": 3000,
        "incidents": 500,
        "actions": 150,
        "history": 1_000_000,
    },
    "xl": {  # 5× large (the history twice: the issue's 2M rows)
        "assets": 5000,
        "risks": 15000,
        "incidents": 2500,
        "actions": 750,
        "history": 2_000_000,
    },
}
BENCH_ORG = "STOR"
# The bench drops and recreates its databases: only ones named like this.
BENCH_DATABASE_PREFIX = "lgsys_bench"
PAGE_REQUESTS = 20  # per crawled page and role, at the measured size
EXTRA_REQUESTS = 30  # search, as-of, admin pair, download
REPORT_RENDERS = 5


def source() -> str:
    """The commit measured (LGSYS_COMMIT when run from an exported tree), with
    "+changes" when the working tree differs from it (the bench's own outputs,
    BENCHMARKS.md and benchmarks/, are not a change to what is measured)."""
    if os.environ.get("LGSYS_COMMIT"):
        return os.environ["LGSYS_COMMIT"]
    base = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "-C", str(base), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "-C",
                str(base),
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":(exclude)BENCHMARKS.md",
                ":(exclude)benchmarks",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def machine() -> dict:
    return {
        "commit": source(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


# Databases ---------------------------------------------------------------------


def fresh_database_url(size: str, tmp: Path) -> str:
    """A URL of an empty database for ``size``: a new PostgreSQL database on the
    server of DATABASE_URL when that is PostgreSQL, else a SQLite file in ``tmp``."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        name = f"{BENCH_DATABASE_PREFIX}_{size}"
        _pg_admin(base, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(base, f'CREATE DATABASE "{name}"')
        parts = urlsplit(base)
        return urlunsplit(parts._replace(path=f"/{name}"))
    return f"sqlite:///{tmp / f'bench-{size}.sqlite3'}"


def drop_database(url: str) -> None:
    if url.startswith(("postgres://", "postgresql://")):
        name = urlsplit(url).path.lstrip("/")
        if not name.startswith(BENCH_DATABASE_PREFIX):
            raise ValueError(f"Not a bench database, not dropped: {name!r}")
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


# Load ----------------------------------------------------------------------------


class LoadLog:
    """os.getloadavg() before and after each step of a phase."""

    def __init__(self):
        self.steps: list[dict] = []

    def step(self, name: str):
        log = self

        class _Step:
            def __enter__(self):
                self.entry = {"step": name, "before": load_average()}
                self.start = time.perf_counter()
                return self.entry

            def __exit__(self, *exc):
                self.entry["after"] = load_average()
                self.entry["seconds"] = round(time.perf_counter() - self.start, 1)
                log.steps.append(self.entry)

        return _Step()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def overloaded(steps: list[dict], cpus: int) -> list[str]:
    """The steps during which the 1-minute load exceeded the number of cores."""
    return [
        s["step"]
        for s in steps
        if max(s["before"][0], s.get("after", [0])[0]) > (cpus or 1)
    ]


# Measuring ---------------------------------------------------------------------


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def spread(times: list[float]) -> dict:
    """min, median, p95 and max of ``times`` (seconds), in ms."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "min_ms": _ms(ordered[0]),
        "median_ms": _ms(statistics.median(ordered)),
        "p95_ms": _ms(p95),
        "max_ms": _ms(ordered[-1]),
        "requests": len(ordered),
    }


def _get(client: Client, url: str):
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def time_requests(client: Client, url: str, n: int) -> dict:
    """The spread of ``n`` GETs (after two warm-up requests), and the status."""
    for _ in range(2):
        response = _get(client, url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = _get(client, url)
        times.append(time.perf_counter() - start)
    return {"status": response.status_code, **spread(times)}


def time_pair(a: tuple, b: tuple, n: int) -> tuple[dict, dict]:
    """Two pages timed in turns (a, b, a, b…), so a change in the machine's load
    falls on both alike."""
    for client, url in (a, b):
        _get(client, url)
        _get(client, url)
    times: tuple[list, list] = ([], [])
    for _ in range(n):
        for (client, url), into in zip((a, b), times, strict=True):
            start = time.perf_counter()
            _get(client, url)
            into.append(time.perf_counter() - start)
    return spread(times[0]), spread(times[1])


def count_queries(client: Client, url: str) -> tuple[int, int, int]:
    """(fewest queries, most queries, status) of two GETs after one that warms
    the caches: a cache that expires between two requests (the machine may be
    slow) shows as a spread, not as a page whose count grows."""
    _get(client, url)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, url)
        counts.append(len(queries.captured_queries))
    return min(counts), max(counts), response.status_code


def role_clients(org) -> dict[str, Client]:
    clients = {}
    for label, role in page_catalogue.ROLES.items():
        membership = (
            org.memberships.filter(role=role).select_related("user").order_by("pk")
        ).first()
        if membership is None:
            continue
        client = Client()
        client.force_login(membership.user)
        clients[label] = client
    return clients


def freeze_heap() -> None:
    """As the app server runs (lgsys/wsgi.py, gunicorn.conf.py): what start-up
    and the setup made is kept out of the garbage collector's full passes, which
    would otherwise walk it on one request in ten or so (a 50-100 ms pause)."""
    gc.collect()
    gc.freeze()


def measure_pages(org, *, requests: int) -> dict:
    """role -> view name -> {url, queries, status[, timings]} for every page the
    role's crawl finds; timings only when ``requests``."""
    results: dict = {}
    freeze_heap()
    for role, client in role_clients(org).items():
        found = crawler.crawl(client, f"http://testserver/{org.code}/")
        if role == "coordinator":
            for extra in page_catalogue.EXTRAS:
                found[extra.label] = extra.url(org)
        measured = {}
        for name, url in sorted(found.items()):
            queries, most, status = count_queries(client, url)
            page = {"url": url, "queries": queries, "status": status}
            if most != queries:
                page["queries_max"] = most
            if requests:
                page.update(time_requests(client, url, requests))
            measured[name] = page
        results[role] = measured
    return results


def measure_admin(org, client: Client, requests: int) -> dict:
    """Our asset list and the admin's changelist: same rows, ordering and page
    size, timed in turns."""
    from django.urls import reverse

    admin_client, admin_url, per_page, restore = page_catalogue.admin_peer(org)
    ours_url = reverse("classification:asset_list", args=[org.code])
    try:
        ours, peer = time_pair((client, ours_url), (admin_client, admin_url), requests)
        admin_queries, _most, _status = count_queries(admin_client, admin_url)
    finally:
        restore()
    return {
        "page_size": per_page,
        "ordering": "name, id",
        "ours": {"url": ours_url, **ours},
        "admin": {"url": admin_url, "queries": admin_queries, **peer},
    }


def _renderer():
    """The module that turns HTML into the PDF (it moved with the PDF worker)."""
    try:
        from lgsys.pdfs import render
    except ImportError:
        from reviews.report import pdf as render
    return render


def split_render(review) -> dict:
    """One render of the report, step by step as the app does it: data (the
    context), template, HTML parse, layout and write_pdf. Returns seconds per
    step and the PDF."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    from lgsys.letterhead.logo import data_url
    from reviews.report.selectors import report_context

    render = _renderer()
    marks = [time.perf_counter()]
    with translation.override("sv"):
        context = report_context(review, None)
        context["logo_src"] = data_url(context["organisation"])
        marks.append(time.perf_counter())
        html = render_to_string("reviews/report/print.html", context)
    marks.append(time.perf_counter())
    parsed = HTML(
        string=html, base_url=str(render.STATIC), url_fetcher=render.StaticFetcher()
    )
    marks.append(time.perf_counter())
    document = parsed.render(pdf_variant=render.PDF_VARIANT, pdf_tags=True)
    marks.append(time.perf_counter())
    document.metadata.xmp_metadata.append(render.UA_XMP)
    data = document.write_pdf(pdf_variant=render.PDF_VARIANT, pdf_tags=True)
    marks.append(time.perf_counter())
    steps = ("data", "template", "parse", "layout", "write_pdf")
    seconds = {s: marks[i + 1] - marks[i] for i, s in enumerate(steps)}
    return {"seconds": seconds, "pages": len(document.pages), "pdf": data}


def measure_report(org, renders: int = REPORT_RENDERS) -> dict:
    """The report's split inside each of ``renders`` renders (after one that
    loads fonts, as a running worker has), peak Python memory of one render."""
    review = page_catalogue.latest_review(org)
    if review is None:
        return {"missing": "no review for this organisation"}
    split_render(review)
    runs = [split_render(review) for _ in range(renders)]
    steps = list(runs[0]["seconds"])
    per_step = {}
    for step in steps:
        values = [r["seconds"][step] for r in runs]
        per_step[step] = {
            "min_ms": _ms(min(values)),
            "median_ms": _ms(statistics.median(values)),
            "max_ms": _ms(max(values)),
        }
    totals = [sum(r["seconds"].values()) for r in runs]
    # The app's share (data + template) over WeasyPrint's (parse, layout, write),
    # within the same render.
    overheads = [
        (r["seconds"]["data"] + r["seconds"]["template"])
        / (r["seconds"]["parse"] + r["seconds"]["layout"] + r["seconds"]["write_pdf"])
        for r in runs
    ]
    median_total = statistics.median(totals)
    for step in steps:
        share = [r["seconds"][step] / sum(r["seconds"].values()) for r in runs]
        per_step[step]["median_pct"] = round(100 * statistics.median(share), 1)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    last = split_render(review)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "renders": renders,
        "steps": per_step,
        "total": {
            "min_s": round(min(totals), 3),
            "median_s": round(median_total, 3),
            "max_s": round(max(totals), 3),
        },
        "overhead_ratio": {
            "min": round(min(overheads), 4),
            "median": round(statistics.median(overheads), 4),
            "max": round(max(overheads), 4),
        },
        "pages": last["pages"],
        "bytes": len(last["pdf"]),
        "peak_python_memory_mb": round(peak / 1024 / 1024, 1),
        "max_rss_mb": round(
            max(rss_before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024,
            1,
        ),
    }


def measure_download(org, client: Client, requests: int) -> dict:
    found = page_catalogue.download_url(org)
    if found is None:
        return {"missing": "no review"}
    url, size = found
    return {"url": url, "bytes": size, **time_requests(client, url, requests)}


def measure_pdf_path(org, client: Client, requests: int) -> dict:
    """Issue 18, points 4 and 5, in this process and in fresh ones: the review's
    PDF page served from the cache (after the worker's render, here done at
    once), the first PDF of a fresh process (warmed up as the worker and
    gunicorn.conf.py do) against a warm one, and the renderer's memory after
    renders in forked children (lgsys.pdfs.measure)."""
    from lgsys.pdfs import measure
    from lgsys.pdfs import services as pdfs

    review = page_catalogue.latest_review(org)
    if review is None:
        return {"missing": "no review"}
    url = reverse("reviews:review_pdf", kwargs={"org_code": org.code, "pk": review.pk})
    first = client.get(url)  # queues the render (202, "Genererar PDF…")
    job = pdfs.render_now(pdfs.render_get(_only_job(review)))
    cached = client.get(url)
    return {
        "url": url,
        "first_status": first.status_code,
        "cached_status": cached.status_code,
        "cached_content_type": cached.get("Content-Type", ""),
        "bytes": len(job.pdf or b""),
        "cached": time_requests(client, url, requests),
        "first_pdf": measure.first_pdf_cost(runs=5),
        "worker_memory": measure.worker_memory(),
    }


def _only_job(review) -> str:
    """The key of the review's PDF job the page just queued."""
    from lgsys.pdfs.models import PdfRender
    from reviews.report import pdf

    return PdfRender.objects.without_pdf().for_subject(pdf.subject(review))[0].key


def seed(size: str) -> float:
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_large", org=BENCH_ORG, **SIZES[size], stdout=quiet)
    return round(time.perf_counter() - start, 1)


def checkpoint(cursor) -> bool:
    """CHECKPOINT, where the bench's role may (a superuser, or pg_checkpoint on
    PostgreSQL 15+); whether it ran."""
    try:
        with transaction.atomic():
            cursor.execute("CHECKPOINT")
    except DatabaseError:
        return False
    return True


def run_phase(size: str, *, timed: bool = True, report: bool = True) -> dict:
    """Seed ``size`` in the (fresh) database of this process and measure it.
    ``timed``: time every page (else only its query count)."""
    log = LoadLog()
    with log.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    with log.step("seed_large"):
        seed_seconds = seed(size)
    if connection.vendor == "postgresql":
        # After a million inserts autovacuum would vacuum and analyse the tables
        # within a minute (PostgreSQL 13+ vacuums insert-only tables too); the
        # bench does not wait for it, so it does the same itself, as a running
        # server would have them: the planner's statistics, and the visibility
        # map that lets an index-only scan skip the table. Then a checkpoint:
        # the seed's and the vacuum's pages are written now, not by the
        # server's spread checkpoint in the background while pages are timed.
        with log.step("vacuum_analyze"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            checkpoint(cursor)
    from lgsys.models import Organisation

    org = Organisation.objects.get(code=BENCH_ORG)
    result = {
        "size": size,
        "counts": SIZES[size],
        "organisation": BENCH_ORG,
        "database": connection.vendor,
        "seed_large_seconds": seed_seconds,
        "rows": page_catalogue.row_counts(org),
    }
    with log.step("pages"):
        result["pages"] = measure_pages(org, requests=PAGE_REQUESTS if timed else 0)
    coordinator = role_clients(org)["coordinator"]
    if timed:
        with log.step("admin_peer"):
            result["admin"] = measure_admin(org, coordinator, EXTRA_REQUESTS)
    if report:
        with log.step("report"):
            result["report"] = measure_report(org)
        with log.step("archived_pdf_download"):
            result["approved_pdf_download"] = measure_download(
                org, coordinator, max(EXTRA_REQUESTS, 100)
            )
        with log.step("pdf_path"):
            result["pdf_path"] = measure_pdf_path(org, coordinator, EXTRA_REQUESTS)
    # Last: it adds the city's organisations, which the crawl above must not see.
    from reviews.bench.city import measure_city

    with log.step("city"):
        result["city"] = measure_city(org, requests=PAGE_REQUESTS if timed else 0)
    result["load"] = log.steps
    return result
