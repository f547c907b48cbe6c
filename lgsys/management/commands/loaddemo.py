from django.core.management.base import BaseCommand
from django.db import transaction

from lgsys import demo
from lgsys.registry import extensions


class Command(BaseCommand):
    help = (
        "Load the demo: Stockholms stad / Kulturförvaltningen (KUL), its 2023 "
        "management review and one user per role. Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        ctx = demo.DemoContext(organisation=demo.organisation(), stdout=self.stdout)
        # The apps' loaders (lgsys.registry) in the order the apps registered,
        # which is their dependency order; then the history is dated in the
        # years it describes, and last what must see that history (the 2023
        # review is submitted: its data is taken as of its data date).
        for extension in extensions():
            for module in extension.demo:
                module.load(ctx)
        demo.date_history(ctx)
        for extension in extensions():
            for module in extension.demo_last:
                module.load(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded for {ctx.organisation} ({ctx.organisation.code})."
            )
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/ as one of:")
        for username, first, last, role, _title in (
            *demo.DEMO_USERS,
            *demo.DEMO_CITY_USERS,
        ):
            self.stdout.write(
                f"  {username:<12} password {demo.DEMO_PASSWORD}  "
                f"({first} {last}, {role.label})"
            )
