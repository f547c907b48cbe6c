"""Demo: the 2023 review is submitted for decision, so a new user can try the
approval as `chef`."""

from django.utils import timezone

from lgsys import reasons
from lgsys.demo import DemoContext
from reviews.models import ManagementReview, ReviewStatus


def load(ctx: DemoContext) -> None:
    review = ManagementReview.objects.filter(
        organisation=ctx.organisation, year=2023, replaces__isnull=True
    ).first()
    if review is None or review.status != ReviewStatus.DRAFT:
        return  # already submitted, returned or decided: leave it
    review.status = ReviewStatus.SUBMITTED
    review.submitted_by = ctx.users.get("samordnare")
    review.submitted_at = timezone.now()
    review._history_user = review.submitted_by
    review._change_reason = reasons.reason("submitted")
    review.save()
