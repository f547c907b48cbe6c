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
