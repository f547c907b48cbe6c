"""The bench's own logic: what it concludes from what it measured. (The figures
themselves come from `make bench`, never from timed assertions here.)"""

from lgsys.bench.runner import summarise
from lgsys.management.commands.bench_server import _parse_wrk

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


def _page(queries, p95):
    return {"queries": queries, "median_ms": p95 / 2, "p95_ms": p95}


def test_the_summary_says_which_targets_are_met():
    results = {
        "small": {"pages": {"a": _page(5, 10), "b": _page(7, 10)}},
        "large": {
            "pages": {"a": _page(5, 40), "b": _page(8, 120)},
            "admin": {"median_ms": 10},
            "report": {"total_s": 2.0, "weasyprint_s": 1.9, "overhead_ratio": 0.05},
            "approved_pdf_download": {"median_ms": 3, "p95_ms": 4},
        },
    }
    results["large"]["pages"]["asset_list"] = _page(6, 30)
    results["small"]["pages"]["asset_list"] = _page(6, 20)
    summary = summarise(results)
    assert summary["equal_query_counts"]["met"] is False  # b: 7 against 8
    assert summary["p95_under_100ms_large"]["met"] is False  # b: 120 ms
    assert summary["asset_list_vs_admin"] == {"ours_over_admin": 1.5, "met": False}
    assert summary["report_overhead_under_10pct"]["met"] is True
    assert summary["large_report_under_15s"]["met"] is True
    assert summary["approved_pdf_download_under_10ms"]["met"] is True
