from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.models import ManagementReview
from reviews.report import pdf


class Command(BaseCommand):
    help = "Render a management review as PDF: review_pdf KUL 2023 --output FILE"

    def add_arguments(self, parser):
        parser.add_argument("org_code")
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--output", help="file to write (default: the download's name)"
        )

    def handle(self, *args, org_code, year, output=None, **options):
        review = (
            ManagementReview.objects.select_related("organisation")
            .filter(organisation__code=org_code, year=year)
            .first()
        )
        if review is None:
            raise CommandError(f"{org_code} has no review for {year}.")
        archive = getattr(review, "archive", None) if review.is_frozen else None
        data = bytes(archive.pdf) if archive else pdf.render_review_pdf(review)
        target = Path(output or pdf.filename(review))
        target.write_bytes(data)
        self.stdout.write(f"Wrote {target} ({len(data)} bytes).")
