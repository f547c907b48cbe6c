"""Demo: the 2023 review is submitted for decision (its data taken as of its data
date, 2023-10-31), so a new user can try the approval as `chef`."""

from lgsys.demo import DemoContext
from reviews.approval import services
from reviews.models import ManagementReview, ReviewStatus


def load(ctx: DemoContext) -> None:
    review = ManagementReview.objects.filter(
        organisation=ctx.organisation, year=2023, replaces__isnull=True
    ).first()
    if review is None or review.status != ReviewStatus.DRAFT:
        return  # already submitted, returned or decided: leave it
    services.review_submit(review=review, by=ctx.users["samordnare"])
