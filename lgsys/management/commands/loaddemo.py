from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

from lgsys import demo

# Loaders in dependency order; each module has load(ctx). A later issue adds its
# module here. Missing modules are skipped, so an app without demo data is fine.
DEMO_MODULES = [
    "lgsys.demo",
    "classification.demo",
    "reviews.demo_inputs",
    "reviews.demo_report",
    "actions.demo",
]
# Then the history is dated in the years it describes, and last the 2023 review
# is submitted: its data is taken as of its data date (2023-10-31).
LAST_MODULES = ["reviews.demo_approval"]


class Command(BaseCommand):
    help = (
        "Load the demo: Stockholms stad / Kulturförvaltningen (KUL), its 2023 "
        "management review and one user per role. Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = demo.DemoContext(organisation=demo.organisation(), stdout=self.stdout)
        for dotted in DEMO_MODULES:
            if find_spec(dotted) is not None:
                import_module(dotted).load(ctx)
        demo.date_history(ctx)
        for dotted in LAST_MODULES:
            if find_spec(dotted) is not None:
                import_module(dotted).load(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded for {ctx.organisation} ({ctx.organisation.code})."
            )
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/ as one of:")
        for username, first, last, role, _title in demo.DEMO_USERS:
            self.stdout.write(
                f"  {username:<11} password {demo.DEMO_PASSWORD}  "
                f"({first} {last}, {role.label})"
            )
