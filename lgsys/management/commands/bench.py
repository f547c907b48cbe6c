"""``manage.py bench``: build fresh benchmark databases at two sizes, measure, print
one JSON object. ``--phase small|large`` runs one size in this process (the parent
starts each phase in a child process with its own DATABASE_URL)."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from lgsys.bench import runner


class Command(BaseCommand):
    help = "Benchmark the main pages, the report PDF and the archive at two sizes."

    def add_arguments(self, parser):
        parser.add_argument("--phase", choices=["small", "large"])
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--output", help="also write the JSON to this file")

    def handle(self, *args, phase=None, requests=30, output=None, **options):
        if phase:
            result = runner.run_phase(phase, requests=requests)
            self.stdout.write(json.dumps(result))
            return
        results = {"machine": runner.machine()}
        with tempfile.TemporaryDirectory() as tmp:
            for size in ("small", "large"):
                url = runner.fresh_database_url(size, Path(tmp))
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
                self.stderr.write(f"bench: {size} ({url.split('@')[-1]})")
                done = subprocess.run(
                    [
                        sys.executable,
                        str(Path(settings.BASE_DIR) / "manage.py"),
                        "bench",
                        "--phase",
                        size,
                        "--requests",
                        str(requests),
                    ],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if done.returncode != 0:
                    self.stderr.write(done.stderr)
                    raise SystemExit(f"bench phase {size} failed")
                results[size] = json.loads(done.stdout.strip().splitlines()[-1])
                runner.drop_database(url)
        results["summary"] = runner.summarise(results)
        text = json.dumps(results, indent=2, ensure_ascii=False)
        self.stdout.write(text)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
