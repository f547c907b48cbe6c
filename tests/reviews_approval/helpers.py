"""Reviews in the states the approval tests start from."""

from datetime import date

from lgsys.models import Membership, Role
from reviews.archive.services import archive_store
from reviews.models import ManagementReview, ReviewStatus
from tests.factories import make_member
from tests.reviews_archive.factories import FAKE_PDF


def _a_head(org):
    membership = Membership.objects.filter(organisation=org, role=Role.HEAD).first()
    return membership.user if membership else make_member(org, Role.HEAD)


def approve_directly(review, *, blocks=None, decided_on=None) -> ManagementReview:
    """``review`` approved and archived with ``blocks`` as its snapshot, without
    the workflow (whose own tests render the real PDF): last year's approved
    review that this year's is compared with."""
    head = _a_head(review.organisation)
    decided_on = decided_on or date(review.year + 1, 1, 15)
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.APPROVED, decided_on=decided_on, decided_by=head
    )
    archive_store(
        review=review,
        pdf=FAKE_PDF + f"review {review.pk}".encode(),
        snapshot={"blocks": blocks or {}},
        decided_by=head,
        decided_on=decided_on,
    )
    review.refresh_from_db()
    return review
