from itertools import count

from lgsys.models import Membership, Role
from reviews.report import services
from tests.factories import make_member

_years = count(1990)


def _a_coordinator(org):
    membership = Membership.objects.filter(
        organisation=org, role=Role.COORDINATOR
    ).first()
    return membership.user if membership else make_member(org, Role.COORDINATOR)


def make_review(org, *, year=None, by=None, **header):
    """A draft review made by ``by`` (default: a coordinator of ``org``)."""
    return services.review_create(
        organisation=org,
        year=year or next(_years),
        by=by or _a_coordinator(org),
        **header,
    )


FILLED = "Text till avsnittet."


def fill_required(review, *, by=None, text=FILLED):
    """Give ``review`` what the submission check requires: a Dnr, a contact
    person and text in every section the outline requires (kept where set)."""
    from lgsys.services import version_of
    from reviews.approval.checks import REQUIRED
    from reviews.report.services import review_update, section_update

    by = by or _a_coordinator(review.organisation)
    header = {}
    if not review.dnr:
        header["dnr"] = f"{review.organisation.code} {review.year}/0001"
    if not review.contact_name:
        header["contact_name"] = "Jenny Ekman"
    if header:
        review_update(review=review, by=by, version=version_of(review), **header)
    for section in review.sections.filter(key__in=REQUIRED, text=""):
        section_update(section=section, text=text, by=by, version=version_of(section))
    review.refresh_from_db()
    return review


def make_submittable_review(org, *, year=None, by=None, **header):
    """A draft that passes the submission check's blocking rules."""
    return fill_required(make_review(org, year=year, by=by, **header), by=by)
