"""A draft's report blocks are rebuilt from the history only when something they
may read changed; otherwise the preview reads them from the cache."""

import pytest
from django.utils import timezone

from reviews.report.selectors import build_blocks
from tests.classification.factories import make_asset
from tests.reviews_report.factories import make_review


@pytest.mark.django_db
def test_an_unchanged_draft_is_built_once(org, django_assert_max_num_queries):
    review = make_review(org, year=timezone.localdate().year)
    first = build_blocks(review)
    with django_assert_max_num_queries(1):  # when the data last changed
        assert build_blocks(review) == first


@pytest.mark.django_db
def test_a_change_in_the_register_is_in_the_next_build(org):
    review = make_review(org, year=timezone.localdate().year)
    before = build_blocks(review)["coverage"]["assets"]
    make_asset(org, name="Ny informationsmängd")
    assert build_blocks(review)["coverage"]["assets"] == before + 1


@pytest.mark.django_db
def test_the_reviews_own_changes_give_other_blocks(org, coordinator):
    review = make_review(org, year=timezone.localdate().year)
    assert "coverage" in build_blocks(review)
    review.disabled_blocks = ["coverage"]
    review._change_reason = "test"
    review.save()
    assert "coverage" not in build_blocks(review)
