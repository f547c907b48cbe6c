from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, HEAD, Entry, expect
from tests.reviews_report.factories import make_review

# Anyone who may write comments gets redirected back; auditors are read-only.
COMMENT = expect(302, 302, 302, 403, 302, 404, 404)
# The head decides on the review; coordinators and auditors read history.
BASIS = expect(302, 200, 200, 200, 403, 404, 404)


def _review(org, users):
    return {"pk": make_review(org).pk}


MATRIX = {
    "reviews:decisions": Entry(get=HEAD),
    # the check page; an empty review's POST is refused on it (200)
    "reviews:review_submit": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_review),
    "reviews:review_basis": Entry(get=BASIS, kwargs=_review),
    "reviews:review_history": Entry(get=BASIS, kwargs=_review),
    "reviews:review_return": Entry(get=HEAD, post=HEAD, kwargs=_review),
    "reviews:review_approve": Entry(get=HEAD, post=HEAD, kwargs=_review),
    "reviews:review_comment": Entry(post=COMMENT, kwargs=_review),
    "reviews:review_replace": Entry(post=COORDINATOR_REDIRECT, kwargs=_review),
}
