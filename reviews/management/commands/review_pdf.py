from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lgsys.pdfs import services as pdfs
from lgsys.pdfs.models import PdfRender
from reviews.models import ArchivedReport, ManagementReview
from reviews.report import pdf


class Command(BaseCommand):
    help = (
        "Write a management review's PDF: review_pdf KUL 2023 --output FILE. "
        "The archived PDF of an approved review; otherwise the cached PDF, or one "
        "rendered here (and cached) when there is none."
    )

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
        if review.is_frozen:
            data = self._archived(review)
        else:
            render = pdfs.render_request(
                html=pdf.render_review_html(review),
                subject=pdf.subject(review),
                enqueue=False,
            )
            data = self._done(pdfs.render_now(render) if render.pending else render)
        target = Path(output or pdf.filename(review))
        target.write_bytes(data)
        self.stdout.write(f"Wrote {target} ({len(data)} bytes).")

    def _archived(self, review) -> bytes:
        archive = ArchivedReport.objects.filter(review=review).first()
        if archive is None:  # the worker has not stored it yet: do it here
            job = PdfRender.objects.for_subject(pdf.archive_subject(review)).first()
            if job is None:
                raise CommandError(f"{review} is approved but has no archived PDF.")
            self._done(pdfs.render_now(job) if job.pending else job)
            archive = ArchivedReport.objects.get(review=review)
        return bytes(archive.pdf)

    def _done(self, render: PdfRender) -> bytes:
        if render.state != PdfRender.State.DONE:
            raise CommandError(
                f"The PDF could not be rendered ({render.state}): {render.error}"
            )
        return bytes(render.pdf)
