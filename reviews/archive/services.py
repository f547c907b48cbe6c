"""Storing approved reports once, and telling a genuine one from any other file."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys import services as core
from reviews.models import ArchivedReport, ManagementReview, ReviewStatus

reasons.define(archived=gettext_lazy("archived at the decision"))

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
    """Keep the approved review's PDF and data for good. A review is archived once,
    and only once it is approved (as stored, not as the caller's copy says)."""
    stored = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if stored.status != ReviewStatus.APPROVED:
        raise ValidationError(
            _("Only an approved review is archived."), code="not_approved"
        )
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
    return core.save_new(archive, by=decided_by, reason=reasons.reason("archived"))


def archive_find(*, sha256: str) -> ArchivedReport | None:
    """The archived report with this SHA-256 (64 hex digits, any case), or None."""
    return ArchivedReport.objects.without_pdf().filter(sha256=sha256.lower()).first()
