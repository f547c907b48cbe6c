import pytest
from django.core.exceptions import ValidationError

from reviews.models import ManagementReview, ReviewStatus


@pytest.mark.django_db
def test_only_an_approved_review_is_frozen(org):
    review = ManagementReview.objects.create(organisation=org, year=2023)
    for status in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED):
        review.status = status
        review.assert_editable()
        assert not review.is_frozen
    review.status = ReviewStatus.APPROVED
    assert review.is_frozen
    with pytest.raises(ValidationError) as refused:
        review.assert_editable()
    assert refused.value.code == "frozen"
