"""``manage.py bench_report RUN.json [RUN.json …] [--note TEXT]``: BENCHMARKS.md
from the JSON of ``make bench`` runs (one per database), on standard output."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from reviews.bench import markdown


class Command(BaseCommand):
    help = "Write BENCHMARKS.md (to standard output) from bench JSON files."

    def add_arguments(self, parser):
        parser.add_argument("runs", nargs="+")
        parser.add_argument("--note", default="", help="a paragraph to add")

    def handle(self, *args, runs, note="", **options):
        loaded = [json.loads(Path(run).read_text(encoding="utf-8")) for run in runs]
        self.stdout.write(markdown.render(loaded, note=note), ending="")
