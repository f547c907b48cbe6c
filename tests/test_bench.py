"""The bench's own logic: what it concludes from what it measured. (The figures
themselves come from `make bench`, never from timed assertions here.)"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from lgsys.models import Organisation
from reviews.bench.runner import BENCH_ORG, SIZES, checkpoint, measure_pages
from reviews.bench.summary import compare_sizes, summarise, table, warnings
from reviews.management.commands.bench_server import _parse_wrk

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:8765/STOR/register/informationsmangder/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    48.10ms   10.22ms 120.51ms   71.43%
    Req/Sec    83.21     12.10   110.00     70.00%
  Latency Distribution
     50%   46.93ms
     75%   53.01ms
     90%   61.20ms
     99%    1.02s
  2497 requests in 15.01s, 51.23MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    166.37
Transfer/sec:      3.41MB
"""


def test_wrk_output_is_read():
    result = _parse_wrk(WRK_OUTPUT)
    assert result["requests_per_second"] == 166.37
    assert result["requests"] == 2497
    assert result["latency_ms"] == {
        "p50": 46.93,
        "p75": 53.01,
        "p90": 61.2,
        "p99": 1020.0,
    }
    assert result["non_2xx"] == 3


def _page(queries, p95=None):
    page = {"url": "/STOR/x/", "queries": queries, "status": 200}
    if p95 is not None:
        page.update(min_ms=p95 / 3, median_ms=p95 / 2, p95_ms=p95, max_ms=p95 * 1.1)
    return page


def _load(before, after):
    return {"step": "pages", "before": [before, 1, 1], "after": [after, 1, 1]}


def _results() -> dict:
    """A bench run as the JSON holds it: two roles, a page whose query count
    grows, a slow page, a page found at one size only, a busy machine."""
    small = {
        "size": "small",
        "counts": SIZES["small"],
        "database": "sqlite",
        "pages": {
            "coordinator": {
                "dashboard": _page(16),
                "actions:plan": _page(9),
                "reviews:review_list": _page(5),
            },
            "auditor": {"dashboard": _page(15)},
        },
        "load": [_load(0.5, 0.7)],
    }
    large = {
        "size": "large",
        "counts": SIZES["large"],
        "database": "sqlite",
        "seed_large_seconds": 120.5,
        "rows": {"history_rows": 1_000_000},
        "pages": {
            "coordinator": {
                "dashboard": _page(16, 40),
                "actions:plan": _page(10, 420),
                "history_search_match": _page(31, 90),
                "history_search_none": _page(31, 180),
                "as_of_bench_date": _page(8, 60),
                "as_of_two_years_back": _page(8, 70),
            },
            "auditor": {"dashboard": _page(15, 30)},
        },
        "admin": {
            "page_size": 50,
            "ordering": "name, id",
            "ours": {"url": "/a/", **_page(6, 40)},
            "admin": {"url": "/b/", **_page(6, 50)},
        },
        "report": {
            "renders": 5,
            "steps": {
                step: {"min_ms": ms, "median_ms": ms, "max_ms": ms, "median_pct": pct}
                for step, ms, pct in (
                    ("data", 40, 2.0),
                    ("template", 10, 0.5),
                    ("parse", 40, 2.0),
                    ("layout", 1500, 72.0),
                    ("write_pdf", 480, 23.5),
                )
            },
            "total": {"min_s": 2.0, "median_s": 2.07, "max_s": 2.3},
            "overhead_ratio": {"min": 0.02, "median": 0.025, "max": 0.03},
            "pages": 16,
            "bytes": 120_000,
            "peak_python_memory_mb": 33.0,
            "max_rss_mb": 160.0,
        },
        "approved_pdf_download": {"url": "/p/", "bytes": 120_000, **_page(0, 4)},
        "pdf_path": {
            "url": "/STOR/granskning/1/genomgang.pdf",
            "first_status": 202,
            "cached_status": 200,
            "bytes": 120_000,
            "cached": _page(9, 300),  # 300 ms of a 2,070 ms render: 14.5 %
            "first_pdf": {
                "runs": 3,
                "warmed": {
                    "warm_up_s": {"min": 1.2, "median": 1.3, "max": 1.4},
                    "first_over_warm": {"min": 1.0, "median": 1.04, "max": 1.2},
                },
                "not_warmed": {
                    "first_over_warm": {"min": 1.8, "median": 1.9, "max": 2.0}
                },
            },
            "worker_memory": {
                "renders": 5,
                "start_mb": 150.0,
                "after_isolated_mb": 152.5,
                "isolated_growth_mb": 2.5,
                "after_in_process_mb": 230.0,
                "in_process_growth_mb": 77.5,
            },
        },
        "load": [_load(1.2, 3.5)],
    }
    return {
        "machine": {
            "date": "2026-12-03T20:00:00+00:00",
            "platform": "Linux",
            "cpus": 2,
            "python": "3.11",
            "django": "5.2",
        },
        "database": "sqlite",
        "size": "large",
        "phases": {"small": small, "large": large},
    }


EVERY_TARGET = (
    "every page p95",
    "equal query counts",
    "every page found at both sizes",
    "admin changelist",
    "report overhead",
    "large report",
    "peak Python memory",
    "archived PDF download",
    "at 1,000,000 rows, a matching term",
    "at 1,000,000 rows, a term with no match",
    "as-of < 150 ms",
    "review PDF from the cache",
    "first PDF of a fresh worker",
    "renderer's memory",
    "seed_large < 300 s",
    "machine load",
)


def test_the_summary_has_every_target_with_a_verdict():
    rows = {row["target"]: row for row in summarise(_results())}
    for wanted in EVERY_TARGET:
        found = [t for t in rows if wanted in t]
        assert len(found) == 1, (wanted, found)
        assert rows[found[0]]["verdict"] in {"met", "missed"}, wanted

    def verdict(wanted):
        return next(r["verdict"] for t, r in rows.items() if wanted in t)

    assert verdict("every page p95") == "missed"  # the plan, 420 ms
    assert "coordinator actions:plan 420" in next(
        r["measured"] for t, r in rows.items() if "every page p95" in t
    )
    assert verdict("equal query counts") == "missed"  # the plan: 9 against 10
    assert verdict("every page found at both sizes") == "missed"  # review list
    assert verdict("admin changelist") == "met"  # 20 / 25 ms
    assert verdict("report overhead") == "met"
    assert verdict("a term with no match") == "missed"  # 180 ms
    assert verdict("as-of") == "met"
    assert verdict("seed_large") == "met"
    assert verdict("machine load") == "missed"  # 3.5 on 2 cores
    assert verdict("review PDF from the cache") == "missed"  # 14.5 % of a render
    assert "14.5% of the render's median 2070 ms" in next(
        r["measured"] for t, r in rows.items() if "from the cache" in t
    )
    assert verdict("first PDF of a fresh worker") == "met"  # median 1.04×
    assert verdict("renderer's memory") == "met"  # +2.5 MB


def test_a_cached_pdf_within_a_tenth_of_a_render_and_a_fresh_workers_cost_are_judged():
    results = _results()
    path = results["phases"]["large"]["pdf_path"]
    path["cached"] = _page(9, 150)
    path["first_pdf"]["warmed"]["first_over_warm"]["median"] = 1.3
    path["worker_memory"]["isolated_growth_mb"] = 25.0
    rows = {row["target"]: row["verdict"] for row in summarise(results)}
    assert next(v for t, v in rows.items() if "from the cache" in t) == "met"
    assert next(v for t, v in rows.items() if "fresh worker" in t) == "missed"
    assert next(v for t, v in rows.items() if "memory back" in t) == "missed"
    path["cached_status"] = 202  # never served from the cache: not measured
    rows = {row["target"]: row["verdict"] for row in summarise(results)}
    assert next(v for t, v in rows.items() if "from the cache" in t) == "not measured"


def test_the_table_prints_every_row_and_a_busy_machine_is_warned_of():
    results = _results()
    rows = summarise(results)
    text = table(rows)
    assert len(text.splitlines()) == len(rows) + 2
    assert all(row["verdict"] in text for row in rows)
    assert warnings(results) == [
        "LOAD 3.5 > 2 CORES during large/pages: the machine was busy, these "
        "figures are not those of a quiet machine"
    ]
    results["phases"]["large"]["load"] = [_load(1.0, 1.5)]
    assert warnings(results) == []


def test_benchmarks_md_is_generated_from_the_json(tmp_path):
    results = _results()
    results["summary"] = summarise(results)
    run = tmp_path / "sqlite-large.json"
    run.write_text(json.dumps(results), encoding="utf-8")
    out = StringIO()
    call_command("bench_report", str(run), note="Shared machine.", stdout=out)
    text = out.getvalue()
    assert text.startswith("# Benchmarks")
    assert "do not edit by hand" in text
    assert "> **Note.** Shared machine." in text
    for row in results["summary"]:
        assert f"| {row['target']} | {row['measured']} | {row['verdict']} |" in text
    assert "| layout | 1500 | 1500 | 1500 | 72.0 % |" in text
    assert "| coordinator | actions:plan | 9 / 10 ≠ |" in text
    assert "Found at the small size only: coordinator reviews:review_list." in text
    assert "LOAD 3.5 > 2 CORES" in text


def _server_run(delay: float) -> dict:
    quiet = {"n": 150, "median_ms": 20.0, "p95_ms": 30.0, "max_ms": 40.0}
    busy = {"n": 140, "median_ms": 25.0, "p95_ms": 30.0 + delay, "max_ms": 90.0}
    return {
        "machine": {
            "date": "2026-12-04T05:00:00+00:00",
            "platform": "Linux",
            "cpus": 2,
        },
        "seconds": 15,
        "connections": 8,
        "load": {"before": [0.4, 1, 1], "after": [1.6, 1, 1]},
        "asset_list": {
            "path": "/STOR/register/informationsmangder/",
            **_parse_wrk(WRK_OUTPUT),
        },
        "page_during_two_pdf_renders": {
            "quiet": quiet,
            "quiet_after": quiet,
            "two_renders": busy,
            "renders_done_within_s": 12.5,
            "states": ["done", "done"],
            "p95_delay_ms": delay,
        },
    }


def test_benchmarks_md_holds_the_server_run_with_its_verdict(tmp_path):
    bench, server = tmp_path / "sqlite-large.json", tmp_path / "server-postgresql.json"
    bench.write_text(json.dumps(_results()), encoding="utf-8")
    server.write_text(json.dumps(_server_run(12.0)), encoding="utf-8")
    out = StringIO()
    call_command("bench_report", str(bench), str(server), stdout=out)
    text = out.getvalue()
    assert "## make bench-server" in text
    assert (
        "by ≤ 100 ms (gunicorn, 2 workers, PostgreSQL) | +12.0 ms: p95 30.0 ms" in text
    )
    assert "renders done, done within 12.5 s | met |" in text
    assert "| 166.37 | 46.93 | 61.2 | 1020.0 | 3 |" in text
    assert "Load average (1 min) before→after: 0.4→1.6." in text
    server.write_text(json.dumps(_server_run(130.0)), encoding="utf-8")
    out = StringIO()
    call_command("bench_report", str(bench), str(server), stdout=out)
    assert "within 12.5 s | missed |" in out.getvalue()


@pytest.mark.django_db(transaction=False)
def test_the_crawl_at_two_tiny_sizes_finds_equal_query_counts():
    """Every page each role reaches, found by following links, costs as many
    queries with twice the rows."""
    from django.db import transaction

    measured = []
    for factor in (1, 2):
        sizes = {k: v * factor for k, v in SIZES["tiny"].items()}
        with transaction.atomic():
            call_command(
                "seed_large",
                org=BENCH_ORG,
                **sizes,
                stdout=open("/dev/null", "w"),  # noqa: SIM115
            )
            org = Organisation.objects.get(code=BENCH_ORG)
            measured.append({"pages": measure_pages(org, requests=0)})
            transaction.set_rollback(True)
    small, large = measured
    assert set(small["pages"]) == {"coordinator", "head", "auditor", "owner"}
    # The crawl finds the pages (no hand-written list), and the extras.
    coordinator = small["pages"]["coordinator"]
    assert "classification:asset_list" in coordinator
    assert "history_search_none" in coordinator
    assert len(coordinator) > 30
    assert all(p["status"] == 200 for p in coordinator.values())
    found = compare_sizes(small, large)
    assert found["unequal"] == {}
    # The same pages at both sizes, but an owner's edit pages: they exist only
    # where the crawl meets a record the owner owns (the bench reports such a
    # page as found at one size only).
    one_size_only = found["only_small"] + found["only_large"]
    assert {role for role, _name in one_size_only} <= {"owner"}


@pytest.mark.django_db(transaction=False)
def test_the_bench_times_the_review_pdf_served_from_the_cache(monkeypatch, settings):
    """The PDF step queues the review's PDF as its page does (202), renders it
    as the worker would, and times the page serving it from the cache. (The
    fresh processes' figures are lgsys.pdfs.measure's, not run here.)"""
    from lgsys.pdfs import measure
    from reviews.bench.runner import measure_pdf_path, role_clients
    from tests.pdfs.test_cache import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE  # as make bench runs: nothing renders in a request
    monkeypatch.setattr(measure, "first_pdf_cost", lambda runs: {"runs": runs})
    monkeypatch.setattr(measure, "worker_memory", lambda: {"renders": 0})
    call_command(
        "seed_large",
        org=BENCH_ORG,
        **SIZES["tiny"],
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    org = Organisation.objects.get(code=BENCH_ORG)
    path = measure_pdf_path(org, role_clients(org)["coordinator"], requests=2)
    assert path["first_status"] == 202
    assert path["cached_status"] == 200
    assert path["cached_content_type"] == "application/pdf"
    assert path["bytes"] > 10_000
    assert path["cached"]["min_ms"] <= path["cached"]["p95_ms"]
    assert path["first_pdf"] == {"runs": 5}


@pytest.mark.django_db
def test_the_bench_checkpoints_postgresql_where_its_role_may():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL command; the suite on PostgreSQL runs it")
    with connection.cursor() as cursor:
        assert checkpoint(cursor) is True  # CI's role is the superuser
        cursor.execute("CREATE ROLE lgsys_bench_nobody")
        cursor.execute("SET ROLE lgsys_bench_nobody")
        try:
            assert checkpoint(cursor) is False  # refused, and said so
            cursor.execute("SELECT 1")  # the connection is still usable
            assert cursor.fetchone() == (1,)
        finally:
            cursor.execute("RESET ROLE")
