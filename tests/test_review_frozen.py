import pytest
from django.core.exceptions import ValidationError

from reviews.models import ManagementReview, ReviewStatus


@pytest.mark.django_db
def test_an_approved_review_is_frozen_and_a_submitted_one_waits(org):
    review = ManagementReview.objects.create(organisation=org, year=2023)
    for status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED):
        review.status = status
        review.assert_editable()
        assert not review.is_frozen
    review.status = ReviewStatus.SUBMITTED
    assert not review.is_frozen
    with pytest.raises(ValidationError) as waiting:
        review.assert_editable()
    assert waiting.value.code == "submitted"
    review.status = ReviewStatus.APPROVED
    assert review.is_frozen
    with pytest.raises(ValidationError) as refused:
        review.assert_editable()
    assert refused.value.code == "frozen"
