"""Storing approved reports once, and telling a genuine one from any other file."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.models import ArchivedReport, ManagementReview

PDF_MAGIC = b"%PDF-"
MAX_VERIFY_BYTES = 50 * 1024 * 1024


@transaction.atomic
def archive_store(
    *,
    review: ManagementReview,
    pdf: bytes,
    snapshot: dict,
    decided_by,
    decided_on: date,
) -> ArchivedReport:
    """Keep the approved review's PDF and data for good. A review is archived once."""
    if ArchivedReport.objects.filter(review=review).exists():
        raise ValidationError(
            _("This review is already archived; an archived report never changes."),
            code="already_archived",
        )
    if not pdf.startswith(PDF_MAGIC):
        raise ValidationError(_("Only a PDF can be archived."), code="not_pdf")
    archive = ArchivedReport(
        organisation=review.organisation,
        review=review,
        pdf=pdf,
        sha256=ArchivedReport.digest(pdf),
        size=len(pdf),
        snapshot=snapshot,
        decided_by=decided_by,
        decided_on=decided_on,
    )
    archive._history_user = decided_by
    archive._change_reason = "arkiverad vid beslut"
    archive.full_clean()
    archive.save()
    return archive


def archive_find(*, sha256: str) -> ArchivedReport | None:
    """The archived report with this SHA-256 (64 hex digits, any case), or None."""
    return ArchivedReport.objects.without_pdf().filter(sha256=sha256.lower()).first()
