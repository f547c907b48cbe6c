from django.core.management.base import BaseCommand, CommandError

from reviews.reminders import send


class Command(BaseCommand):
    help = (
        "Send the e-mail reminders that are due: the IMY clock (48 h and 12 h "
        "left), classifications and risks due for review (30 days before, and "
        "overdue), actions past their period, reviews waiting 7 days for a "
        "decision, reviews returned. Each reminder is sent once per event; run it "
        "every 15 minutes (see the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the mails that are due; send and record nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for mail in send.pending_mails():
                self.stdout.write(
                    f"{mail.user.email}: {mail.kind}, {', '.join(mail.keys)}"
                )
            return
        outcome = send.send_pending()
        for mail, why in outcome.failed:
            self.stderr.write(
                f"Not sent to {mail.user.email} ({mail.organisation.code}, "
                f"{mail.kind}: {', '.join(mail.keys)}): {why}"
            )
        events = sum(len(mail.events) for mail in outcome.sent)
        self.stdout.write(
            f"{len(outcome.sent)} reminder e-mails sent ({events} events), "
            f"{len(outcome.failed)} not sent."
        )
        if outcome.failed:
            # After every mail was tried: cron and systemd see the failure.
            raise CommandError(
                f"{len(outcome.failed)} reminder e-mails could not be sent; "
                "they are tried again at the next run."
            )
