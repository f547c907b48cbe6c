"""One benchmark phase: a fresh database at one size, then the measurements."""

import os
import platform
import statistics
import time
import tracemalloc
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from lgsys.bench import pages as page_catalogue

SIZES = {
    "small": None,  # the demo (Kulturförvaltningen)
    "large": {
        "assets": 1000,
        "risks": 3000,
        "incidents": 500,
        "actions": 150,
        "history": 1_000_000,
    },
}
LARGE_ORG = "STOR"
# The bench drops and recreates its databases: only ones named like this.
BENCH_DATABASE_PREFIX = "lgsys_bench"
P95_TARGET_MS = 100
DOWNLOAD_TARGET_MS = 10
REPORT_TARGET_S = 15
OVERHEAD_TARGET = 0.10


def machine() -> dict:
    return {
        "date": date.today().isoformat(),
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


# Measuring ---------------------------------------------------------------------


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def time_requests(client: Client, url: str, n: int) -> dict:
    """Median and p95 of ``n`` GETs (after two warm-up requests), and the status."""
    for _ in range(2):
        response = client.get(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "status": response.status_code,
        "median_ms": _ms(statistics.median(times)),
        "p95_ms": _ms(p95),
        "requests": n,
    }


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def measure_pages(client: Client, org, n: int) -> dict:
    results = {}
    for page in page_catalogue.PAGES:
        try:
            url = page.url(org)
        except (NoReverseMatch, LookupError) as missing:
            results[page.label] = {"missing": str(missing)}
            continue
        results[page.label] = {
            "url": url,
            "queries": count_queries(client, url),
            **time_requests(client, url, n),
        }
    return results


def run_phase(size: str, *, requests: int) -> dict:
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    code = "KUL"
    seed_seconds = None
    if SIZES[size]:
        code = LARGE_ORG
        seed_start = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("seed_large", org=code, **SIZES[size], stdout=quiet)
        seed_seconds = round(time.perf_counter() - seed_start, 1)
    if connection.vendor == "postgresql":
        # After a million inserts autovacuum would analyse the tables within a
        # minute; the bench does not wait for it, so it gives the planner its
        # statistics itself, as a running server would have them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from lgsys.models import Organisation

    org = Organisation.objects.get(code=code)
    coordinator = org.memberships.filter(role="samordnare").first().user
    client = Client()
    client.force_login(coordinator)
    result = {
        "organisation": code,
        "database": connection.vendor,
        "setup_seconds": round(time.perf_counter() - started, 1),
        "seed_large_seconds": seed_seconds,
        "rows": page_catalogue.row_counts(org),
        "pages": measure_pages(client, org, requests),
        "admin": page_catalogue.measure_admin(
            org, requests, time_requests, count_queries
        ),
        "report": measure_report(org),
        "approved_pdf_download": page_catalogue.measure_download(
            client, org, requests, time_requests
        ),
    }
    return result


def measure_report(org) -> dict:
    """The report PDF: total time, WeasyPrint's own time for the same HTML, pages,
    and peak memory of the whole render."""
    try:
        from reviews.report import pdf
    except ImportError as missing:
        return {"missing": str(missing)}
    review = page_catalogue.latest_review(org)
    if review is None:
        return {"missing": "no review for this organisation"}
    # A first render loads fonts and fontconfig's cache: not what a user waits
    # for on a running server, so it is left out of the figures.
    pdf.render_review_pdf(review)
    totals, weasy_times, html_times = [], [], []
    for _ in range(3):
        start = time.perf_counter()
        data = pdf.render_review_pdf(review)
        totals.append(time.perf_counter() - start)
        start = time.perf_counter()
        html = pdf.render_review_html(review)
        html_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf.html_to_pdf(html)
        weasy_times.append(time.perf_counter() - start)
    total, weasy = statistics.median(totals), statistics.median(weasy_times)
    tracemalloc.start()
    pdf.render_review_pdf(review)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    from io import BytesIO

    from pypdf import PdfReader

    return {
        "total_s": round(total, 2),
        "weasyprint_s": round(weasy, 2),
        "data_and_template_s": round(statistics.median(html_times), 3),
        "overhead_ratio": round((total - weasy) / weasy, 3) if weasy else None,
        "pages": len(PdfReader(BytesIO(data)).pages),
        "bytes": len(data),
        "peak_memory_mb": round(peak / 1024 / 1024, 1),
    }


def summarise(results: dict) -> dict:
    """Each target of the issue, measured, and whether it is met."""
    small, large = results.get("small", {}), results.get("large", {})
    targets = {}
    equal = {}
    for label, page in large.get("pages", {}).items():
        if "queries" in page and "queries" in small.get("pages", {}).get(label, {}):
            equal[label] = (small["pages"][label]["queries"], page["queries"])
    targets["equal_query_counts"] = {
        "measured": equal,
        "met": bool(equal) and all(a == b for a, b in equal.values()),
    }
    p95 = {k: v["p95_ms"] for k, v in large.get("pages", {}).items() if "p95_ms" in v}
    targets["p95_under_100ms_large"] = {
        "measured": p95,
        "met": bool(p95) and all(v < P95_TARGET_MS for v in p95.values()),
    }
    admin = large.get("admin", {})
    ours = large.get("pages", {}).get("asset_list", {}).get("median_ms")
    if ours and admin.get("median_ms"):
        ratio = round(ours / admin["median_ms"], 2)
        targets["asset_list_vs_admin"] = {"ours_over_admin": ratio, "met": ratio <= 1}
    report = large.get("report", {})
    if "total_s" in report:
        targets["report_overhead_under_10pct"] = {
            "measured": report["overhead_ratio"],
            "met": report["overhead_ratio"] is not None
            and report["overhead_ratio"] < OVERHEAD_TARGET,
        }
        targets["large_report_under_15s"] = {
            "measured": report["total_s"],
            "met": report["total_s"] < REPORT_TARGET_S,
        }
    download = large.get("approved_pdf_download", {})
    if "median_ms" in download:
        targets["approved_pdf_download_under_10ms"] = {
            "measured": download["p95_ms"],
            "met": download["p95_ms"] < DOWNLOAD_TARGET_MS,
        }
    return targets
