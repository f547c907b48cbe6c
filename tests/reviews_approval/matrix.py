from tests.matrix import COORDINATOR_REDIRECT, HEAD, Entry, expect
from tests.reviews_report.factories import make_review

# Anyone who may write comments gets redirected back; auditors are read-only.
COMMENT = expect(302, 302, 302, 403, 302, 404, 404)


def _review(org, users):
    return {"pk": make_review(org).pk}


MATRIX = {
    "reviews:decisions": Entry(get=HEAD),
    "reviews:review_submit": Entry(post=COORDINATOR_REDIRECT, kwargs=_review),
    "reviews:review_return": Entry(get=HEAD, post=HEAD, kwargs=_review),
    "reviews:review_approve": Entry(get=HEAD, post=HEAD, kwargs=_review),
    "reviews:review_comment": Entry(post=COMMENT, kwargs=_review),
    "reviews:review_replace": Entry(post=COORDINATOR_REDIRECT, kwargs=_review),
}
