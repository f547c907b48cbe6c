"""``manage.py bench [--size large|xl]``: build fresh benchmark databases at the
small size and at ``--size``, measure, write the JSON (``--output``) and print one
table: target, measured, verdict. ``--phase SIZE`` runs one size in this process
(the parent starts each phase in a child process with its own DATABASE_URL)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from reviews.bench import runner, summary


class Command(BaseCommand):
    help = (
        "Benchmark every page of every role, the report and the archive at two sizes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", choices=[s for s in runner.SIZES if s != "small"], default="large"
        )
        parser.add_argument("--phase", choices=sorted(runner.SIZES))
        parser.add_argument("--untimed", action="store_true")
        parser.add_argument("--output", help="also write the JSON to this file")
        parser.add_argument(
            "--archive",
            help="also write the JSON to DIR/<database>-<size>.json (what "
            "bench_report reads for BENCHMARKS.md)",
        )

    def handle(
        self, *args, size="large", phase=None, untimed=False, output=None, **options
    ):
        if phase:
            # The small size gives the query counts; the report and the
            # download are measured at the timed size only.
            result = runner.run_phase(phase, timed=not untimed, report=not untimed)
            self.stdout.write(json.dumps(result))
            return
        results = {
            "machine": runner.machine(),
            "database": connection.vendor,
            "size": size,
            "phases": {},
        }
        with tempfile.TemporaryDirectory() as tmp:
            for phase_size, timed in (("small", False), (size, True)):
                url = runner.fresh_database_url(phase_size, Path(tmp))
                self.stderr.write(
                    f"bench: {phase_size} ({url.split('@')[-1]}), load "
                    f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
                )
                try:
                    results["phases"][phase_size] = self._child(phase_size, url, timed)
                finally:
                    runner.drop_database(url)
        results["summary"] = summary.summarise(results)
        results["warnings"] = summary.warnings(results)
        text = json.dumps(results, indent=2, ensure_ascii=False)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
        if options.get("archive"):
            folder = Path(options["archive"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{results['database']}-{size}.json").write_text(
                text + "\n", encoding="utf-8"
            )
        for warning in results["warnings"]:
            self.stderr.write(f"!!! WARNING: {warning}")
        self.stdout.write(
            f"\nlgsys bench, {results['database']}, small and {size} "
            f"({results['machine']['cpus']} cores):\n"
        )
        self.stdout.write(summary.table(results["summary"]))
        if output:
            self.stdout.write(f"\nAll figures: {output}")

    def _child(self, size: str, url: str, timed: bool) -> dict:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
            or "bench-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
        }
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench",
            "--phase",
            size,
        ] + ([] if timed else ["--untimed"])
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            self.stderr.write(done.stderr)
            raise SystemExit(f"bench phase {size} failed")
        return json.loads(done.stdout.strip().splitlines()[-1])
