from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, READ, Entry
from tests.reviews_report.factories import make_review


def _review(org, users):
    return {"pk": make_review(org).pk}


def _section(org, users):
    return {"pk": make_review(org).pk, "key": "1.2.1"}


MATRIX = {
    "reviews:review_list": Entry(get=READ),
    "reviews:review_create": Entry(get=COORDINATOR, post=COORDINATOR),
    "reviews:review_detail": Entry(get=READ, kwargs=_review),
    # an empty POST lacks the version the form showed: refused on the form (200)
    "reviews:review_edit": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_review),
    "reviews:section_edit": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_section),
    "reviews:review_blocks": Entry(post=COORDINATOR_REDIRECT, kwargs=_review),
    "reviews:review_preview": Entry(get=READ, kwargs=_review),
    "reviews:review_pdf": Entry(get=READ, kwargs=_review),
}
