"""``manage.py bench_server`` (``make bench-server``): the asset list and the
approved-PDF download served by gunicorn with two workers against PostgreSQL,
loaded with wrk on 127.0.0.1 for a bounded time, beside a trivial Django view
(the health check, one ``SELECT 1``) on the same server as the ceiling; then the
asset list's latency quiet and while the PDF worker renders two PDFs at once
(target: p95 no more than 100 ms slower).

DATABASE_URL names the database to build; it is dropped and created afresh, so
its name must start with ``lgsys_bench`` (any other database is refused).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections as databases

from reviews.bench import runner

PORT = 8765
LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# Two PDF renders at once may delay an ordinary page's p95 by this much at most.
TWO_RENDERS_TARGET_MS = 100


class Command(BaseCommand):
    help = "Load the asset list and the approved-PDF download on gunicorn with wrk."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=15)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--output")

    def handle(self, *args, seconds, connections, output, **options):
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            raise CommandError(
                "bench-server runs against PostgreSQL: set DATABASE_URL."
            )
        name = urlsplit(url).path.lstrip("/")
        if not name.startswith(runner.BENCH_DATABASE_PREFIX):
            raise CommandError(
                f"bench-server drops and recreates the database of DATABASE_URL; "
                f"it refuses {name!r}, whose name does not start with "
                f"{runner.BENCH_DATABASE_PREFIX!r}."
            )
        for tool in ("wrk", "gunicorn"):
            if (
                not shutil.which(tool)
                and not (Path(sys.executable).parent / tool).exists()
            ):
                raise CommandError(
                    f"{tool} is missing (make bench-server installs it)."
                )
        runner.drop_database(url)
        runner._pg_admin(url, f'CREATE DATABASE "{name}"')
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        self.stderr.write("bench-server: building the database")
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["loaddemo"],
            ["seed_large", "--org", runner.BENCH_ORG, "--history", "0"],
        ):
            subprocess.run(manage + command, env=env, check=True, capture_output=True)
        setup = subprocess.run(
            manage + ["shell", "-c", _SETUP],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        session, pdf_path = setup.stdout.strip().splitlines()[-1].split()
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "lgsys.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{PORT}/healthz/")
            targets = {
                "trivial_view_healthz": "/healthz/",
                "asset_list": f"/{runner.BENCH_ORG}/register/informationsmangder/",
                "approved_pdf_download": pdf_path,
            }
            results = {
                "machine": runner.machine(),
                "seconds": seconds,
                "connections": connections,
                "load": {"before": runner.load_average()},
            }
            for label, path in targets.items():
                self.stderr.write(f"bench-server: {label}")
                done = subprocess.run(
                    [
                        "wrk",
                        "-t2",
                        f"-c{connections}",
                        f"-d{seconds}s",
                        "--latency",
                        "-H",
                        f"Cookie: sessionid={session}",
                        f"http://127.0.0.1:{PORT}{path}",
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                results[label] = {"path": path, **_parse_wrk(done.stdout)}
            results["page_during_two_pdf_renders"] = self._two_renders(
                manage, env, targets["asset_list"], session
            )
            results["load"]["after"] = runner.load_average()
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
            databases.close_all()  # the measurement read the jobs' states
            runner.drop_database(url)
        delay = results["page_during_two_pdf_renders"]["p95_delay_ms"]
        self.stderr.write(
            f"bench-server: two PDF renders at once delayed the asset list's p95 by "
            f"{delay} ms (target ≤ {TWO_RENDERS_TARGET_MS} ms): "
            + ("met" if delay <= TWO_RENDERS_TARGET_MS else "missed")
        )
        text = json.dumps(results, indent=2, ensure_ascii=False)
        self.stdout.write(text)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")

    def _two_renders(self, manage, env, path, session) -> dict:
        """Issue 18, point 4: the asset list on gunicorn, quiet and while the
        PDF worker (``manage.py pdf_worker``, as ``make run`` and production run
        it) renders two PDFs queued at once (lgsys.pdfs.measure)."""
        from lgsys.pdfs import measure

        self.stderr.write("bench-server: the asset list during two PDF renders")
        worker = subprocess.Popen(
            manage + ["pdf_worker"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(5)  # the worker imports and warms WeasyPrint up first
            figures = measure.page_delay_during_renders(
                f"http://127.0.0.1:{PORT}{path}",
                headers={"Cookie": f"sessionid={session}"},
            )
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
        return {"path": path, "target_p95_delay_ms": TWO_RENDERS_TARGET_MS, **figures}


# Run in the bench database: a logged-in session of the large organisation's
# coordinator and an approved review's stored PDF, printed as "<session> <path>".
_SETUP = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from lgsys.models import Organisation
org = Organisation.objects.get(code="STOR")
user = org.memberships.filter(role="samordnare").first().user
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
from reviews.bench.pages import bench_archive
archive = bench_archive(org)
print(store.session_key, reverse("reviews:archived_pdf", args=[org.code, archive.pk]))
"""


def _wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise CommandError("gunicorn did not start")


def _parse_wrk(text: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {
        "requests_per_second": float(rps.group(1)) if rps else None,
        "requests": int(total.group(1)) if total else None,
        "latency_ms": {
            f"p{p}": round(float(v) * UNITS[u], 2) for p, v, u in LATENCY.findall(text)
        },
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }
