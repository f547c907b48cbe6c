"""What the bench concludes: one row per target (target, measured, verdict), the
warnings, and the text table ``make bench`` prints at the end."""

from reviews.bench.runner import overloaded

P95_TARGET_MS = 100
SEARCH_TARGET_MS = 150
AS_OF_TARGET_MS = 150
DOWNLOAD_TARGET_MS = 10
REPORT_TARGET_S = 15
OVERHEAD_TARGET = 0.10
SEED_TARGET_S = 300
# The issue names no figure for memory; the bench holds the large report's
# render to this (Python allocations, tracemalloc).
MEMORY_TARGET_MB = 100
CACHED_PDF_SHARE = 0.10  # an unchanged PDF from the cache: ≤ 10 % of a render
FIRST_PDF_RATIO = 1.1  # a fresh worker's first PDF against a warm one
WORKER_MEMORY_MB = 20  # the renderer's memory back within this of its start
TWO_RENDERS_DELAY_MS = 100  # make bench-server: an ordinary page's p95 delay

SEARCH_PAGES = {
    "history_search_match": "a matching term",
    "history_search_none": "a term with no match",
}
AS_OF_PAGES = ("as_of_bench_date", "as_of_two_years_back")


def _row(target: str, measured: str, met: bool | None) -> dict:
    verdict = "not measured" if met is None else ("met" if met else "missed")
    return {"target": target, "measured": measured, "verdict": verdict}


def _pages(phase: dict) -> dict:
    """(role, view) -> page, of one phase."""
    return {
        (role, name): page
        for role, found in phase.get("pages", {}).items()
        for name, page in found.items()
    }


def compare_sizes(small: dict, large: dict) -> dict:
    """Pages at both sizes with their query counts, and those found at one only."""
    a, b = _pages(small), _pages(large)
    both = {k: (a[k]["queries"], b[k]["queries"]) for k in sorted(a.keys() & b.keys())}
    return {
        "both": both,
        "unequal": {k: v for k, v in both.items() if v[0] != v[1]},
        "only_small": sorted(a.keys() - b.keys()),
        "only_large": sorted(b.keys() - a.keys()),
    }


def _name(key) -> str:
    return f"{key[0]} {key[1]}"


def _city_row(small: dict | None, large: dict | None, label: str) -> dict:
    """The city overview, its export and the compilation's data in the same
    number of queries at both sizes, and the overview's p95."""
    target = "city overview and compilation in a fixed number of queries"
    if not small or not large:
        return _row(target, "—", None)
    target += f" ({large['organisations']} organisations)"

    def counts(city):
        return (
            city["overview"]["queries"],
            city["overview_xlsx"]["queries"],
            city["compilation"]["queries"],
        )

    a, b = counts(small), counts(large)
    p95 = large["overview"].get("p95_ms")
    html = large["compilation"].get("html", {}).get("p95_ms")
    return _row(
        target,
        f"queries overview/xlsx/compilation {a} small, {b} {label}"
        + (f"; overview p95 {p95} ms" if p95 is not None else "")
        + (f", compilation HTML p95 {html} ms" if html is not None else ""),
        a == b,
    )


def summarise(results: dict) -> list[dict]:
    """Each target of the issue, measured, and whether it is met."""
    phases = results.get("phases", {})
    small, large = phases.get("small", {}), phases.get(results.get("size"), {})
    label = results.get("size", "large")
    rows = []

    pages = _pages(large)
    timed = {k: p for k, p in pages.items() if "p95_ms" in p}
    if timed:
        worst = max(timed, key=lambda k: timed[k]["p95_ms"])
        over = [k for k, p in timed.items() if p["p95_ms"] >= P95_TARGET_MS]
        rows.append(
            _row(
                f"every page p95 < {P95_TARGET_MS} ms ({label}, {len(timed)} pages "
                "of 4 roles)",
                f"worst {_name(worst)} {timed[worst]['p95_ms']} ms; "
                f"{len(over)} over"
                + (": " + ", ".join(_name(k) for k in over[:6]) if over else ""),
                not over,
            )
        )
    else:
        rows.append(_row(f"every page p95 < {P95_TARGET_MS} ms", "—", None))

    sizes = compare_sizes(small, large)
    if sizes["both"]:
        unequal = sizes["unequal"]
        rows.append(
            _row(
                "equal query counts at both sizes",
                f"{len(sizes['both']) - len(unequal)} of {len(sizes['both'])} equal"
                + (
                    "; differ: "
                    + ", ".join(f"{_name(k)} {a}/{b}" for k, (a, b) in unequal.items())
                    if unequal
                    else ""
                ),
                not unequal,
            )
        )
        missing = [f"{_name(k)} (small only)" for k in sizes["only_small"]] + [
            f"{_name(k)} ({label} only)" for k in sizes["only_large"]
        ]
        rows.append(
            _row(
                "every page found at both sizes",
                "all" if not missing else "; ".join(missing),
                not missing,
            )
        )
    else:
        rows.append(_row("equal query counts at both sizes", "—", None))

    rows.append(_city_row(small.get("city"), large.get("city"), label))

    admin = large.get("admin", {})
    if admin.get("admin", {}).get("median_ms"):
        ratio = round(admin["ours"]["median_ms"] / admin["admin"]["median_ms"], 2)
        rows.append(
            _row(
                f"asset list no slower than the admin changelist (same "
                f"{admin['page_size']} rows a page, ordering {admin['ordering']})",
                f"ours/admin median {ratio} ({admin['ours']['median_ms']} / "
                f"{admin['admin']['median_ms']} ms)",
                ratio <= 1,
            )
        )
    else:
        rows.append(_row("asset list no slower than the admin changelist", "—", None))

    report = large.get("report", {})
    if "overhead_ratio" in report:
        overhead = report["overhead_ratio"]
        steps = report["steps"]
        rows.append(
            _row(
                f"report overhead < {OVERHEAD_TARGET:.0%} of WeasyPrint (inside one "
                "render)",
                f"median {overhead['median']:.1%} (min {overhead['min']:.1%}, max "
                f"{overhead['max']:.1%}); "
                + ", ".join(f"{s} {v['median_pct']} %" for s, v in steps.items()),
                overhead["median"] < OVERHEAD_TARGET,
            )
        )
        total = report["total"]
        rows.append(
            _row(
                f"large report < {REPORT_TARGET_S} s",
                f"median {total['median_s']} s (min {total['min_s']}, max "
                f"{total['max_s']}), {report['pages']} pages",
                total["max_s"] < REPORT_TARGET_S,
            )
        )
        rows.append(
            _row(
                f"peak Python memory of the report < {MEMORY_TARGET_MB} MB",
                f"{report['peak_python_memory_mb']} MB (max RSS "
                f"{report['max_rss_mb']} MB)",
                report["peak_python_memory_mb"] < MEMORY_TARGET_MB,
            )
        )
    else:
        rows.append(_row(f"report overhead < {OVERHEAD_TARGET:.0%}", "—", None))

    download = large.get("approved_pdf_download", {})
    rows.append(
        _row(
            f"archived PDF download p95 < {DOWNLOAD_TARGET_MS} ms",
            f"p95 {download['p95_ms']} ms ({download['bytes']} bytes)"
            if "p95_ms" in download
            else "—",
            download["p95_ms"] < DOWNLOAD_TARGET_MS if "p95_ms" in download else None,
        )
    )

    rows += _pdf_path_rows(large.get("pdf_path", {}), large.get("report", {}))

    coordinator = large.get("pages", {}).get("coordinator", {})
    history_rows = large.get("rows", {}).get("history_rows")
    for key, what in SEARCH_PAGES.items():
        page = coordinator.get(key, {})
        rows.append(
            _row(
                f"history search < {SEARCH_TARGET_MS} ms at {history_rows:,} rows, "
                f"{what}"
                if history_rows
                else f"history search < {SEARCH_TARGET_MS} ms, {what}",
                f"p95 {page['p95_ms']} ms" if "p95_ms" in page else "—",
                page["p95_ms"] < SEARCH_TARGET_MS if "p95_ms" in page else None,
            )
        )
    as_of = {
        k: coordinator[k] for k in AS_OF_PAGES if "p95_ms" in coordinator.get(k, {})
    }
    rows.append(
        _row(
            f"as-of < {AS_OF_TARGET_MS} ms",
            "; ".join(f"{k} p95 {p['p95_ms']} ms" for k, p in as_of.items()) or "—",
            all(p["p95_ms"] < AS_OF_TARGET_MS for p in as_of.values())
            if as_of
            else None,
        )
    )

    seconds = large.get("seed_large_seconds")
    rows.append(
        _row(
            f"seed_large < {SEED_TARGET_S} s ({label}, {large.get('database', '?')})",
            f"{seconds} s" if seconds is not None else "—",
            seconds < SEED_TARGET_S if seconds is not None else None,
        )
    )

    cpus = results.get("machine", {}).get("cpus") or 1
    busy = [
        f"{size}: {step}"
        for size, phase in phases.items()
        for step in overloaded(phase.get("load", []), cpus)
    ]
    rows.append(
        _row(
            f"machine load ≤ {cpus} cores while measuring",
            "over during " + ", ".join(busy) if busy else "within",
            not busy,
        )
    )
    return rows


def _pdf_path_rows(path: dict, report: dict) -> list[dict]:
    """Issue 18, points 4 and 5: the cached PDF, a fresh worker's first PDF,
    the renderer's memory."""
    cached = path.get("cached", {})
    render_ms = report.get("total", {}).get("median_s", 0) * 1000
    target = f"review PDF from the cache ≤ {CACHED_PDF_SHARE:.0%} of a render"
    if "p95_ms" in cached and render_ms and path.get("cached_status") == 200:
        share = cached["p95_ms"] / render_ms
        cache_row = _row(
            target,
            f"p95 {cached['p95_ms']} ms (median {cached['median_ms']} ms) = "
            f"{share:.1%} of the render's median {render_ms:.0f} ms",
            share <= CACHED_PDF_SHARE,
        )
    else:
        cache_row = _row(target, "—", None)
    first = path.get("first_pdf", {})
    target = f"first PDF of a fresh worker ≤ {FIRST_PDF_RATIO}× a warm one"
    if first:
        warmed, cold = first["warmed"], first["not_warmed"]
        ratio = warmed["first_over_warm"]
        first_row = _row(
            target,
            f"warmed up: median {ratio['median']}× (min {ratio['min']}, max "
            f"{ratio['max']}) over {first['runs']} fresh processes, warm-up "
            f"{warmed['warm_up_s']['median']} s before the first job; without the "
            f"warm-up {cold['first_over_warm']['median']}×",
            ratio["median"] <= FIRST_PDF_RATIO,
        )
    else:
        first_row = _row(target, "—", None)
    memory = path.get("worker_memory", {})
    target = f"renderer's memory back within {WORKER_MEMORY_MB} MB of its start"
    if memory:
        memory_row = _row(
            target,
            f"{memory['start_mb']} → {memory['after_isolated_mb']} MB RSS after "
            f"{memory['renders']} renders in forked children "
            f"({memory['isolated_growth_mb']:+} MB); in its own process it would "
            f"grow {memory['in_process_growth_mb']:+} MB",
            memory["isolated_growth_mb"] <= WORKER_MEMORY_MB,
        )
    else:
        memory_row = _row(target, "—", None)
    return [cache_row, first_row, memory_row]


def server_rows(server: dict) -> list[dict]:
    """``make bench-server``'s targets: two PDF renders at once and an ordinary
    page."""
    during = server.get("page_during_two_pdf_renders", {})
    target = (
        f"two PDF renders at once delay an ordinary page's p95 by ≤ "
        f"{TWO_RENDERS_DELAY_MS} ms (gunicorn, 2 workers, PostgreSQL)"
    )
    if "p95_delay_ms" not in during:
        return [_row(target, "—", None)]
    quiet, busy = during["quiet"], during["two_renders"]
    after = during.get("quiet_after", {})
    return [
        _row(
            target,
            f"{during['p95_delay_ms']:+} ms: p95 {quiet['p95_ms']} ms quiet "
            f"({quiet['n']} requests), {busy['p95_ms']} ms during the renders "
            f"({busy['n']}), {after.get('p95_ms', '—')} ms quiet again; renders "
            f"{', '.join(during.get('states', []))} within "
            f"{during.get('renders_done_within_s')} s",
            during["p95_delay_ms"] <= TWO_RENDERS_DELAY_MS,
        )
    ]


def warnings(results: dict) -> list[str]:
    cpus = results.get("machine", {}).get("cpus") or 1
    found = []
    for size, phase in results.get("phases", {}).items():
        for step in phase.get("load", []):
            peak = max(step["before"][0], step.get("after", [0])[0])
            if peak > cpus:
                found.append(
                    f"LOAD {peak} > {cpus} CORES during {size}/{step['step']}: "
                    "the machine was busy, these figures are not those of a quiet "
                    "machine"
                )
    return found


def table(rows: list[dict]) -> str:
    """The rows as a plain text table."""
    heads = ("target", "measured", "verdict")
    widths = [
        max(len(heads[i]), *(len(r[h]) for r in rows)) if rows else len(heads[i])
        for i, h in enumerate(heads)
    ]
    widths[1] = min(widths[1], 100)

    def line(cells):
        return " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))

    out = [line(heads), "-+-".join("-" * w for w in widths)]
    out += [line((r["target"], r["measured"], r["verdict"])) for r in rows]
    return "\n".join(out)
