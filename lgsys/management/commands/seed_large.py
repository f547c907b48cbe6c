"""``manage.py seed_large --org CODE --assets N --risks N --incidents N --actions N
--history N``: a realistic large organisation for the benchmarks.

Each app contributes its rows through its registered seeders (``seed(ctx)``, see
lgsys/registry.py), written
through the ordinary models so their history rows are real; then the history tables
are topped up to ``--history`` rows in bulk (see lgsys.seed.top_up_history).
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from lgsys import seed
from lgsys.audit import names
from lgsys.registry import extensions


class Command(BaseCommand):
    help = "Generate a large organisation with plausible data for the benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--org", default="STOR")
        parser.add_argument("--assets", type=int, default=1000)
        parser.add_argument("--risks", type=int, default=3000)
        parser.add_argument("--incidents", type=int, default=500)
        parser.add_argument("--actions", type=int, default=150)
        parser.add_argument("--history", type=int, default=1_000_000)
        parser.add_argument("--random-seed", type=int, default=2023)

    def handle(self, *args, **opts):
        start = time.perf_counter()
        with transaction.atomic():
            ctx = seed.SeedContext.create(
                code=opts["org"],
                counts={
                    k: opts[k] for k in ("assets", "risks", "incidents", "actions")
                },
                random_seed=opts["random_seed"],
            )
            for module in (m for ext in extensions() for m in ext.seeders):
                module.seed(ctx)
                self.stdout.write(
                    f"{module.__name__}: {time.perf_counter() - start:.1f} s"
                )
        added = seed.top_up_history(ctx.organisation, opts["history"])
        names.record_names(ctx.organisation)  # history search's name index (issue 18.3)
        self.stdout.write(
            f"{ctx.organisation.code}: {added} history rows added in bulk; "
            f"done in {time.perf_counter() - start:.1f} s."
        )
