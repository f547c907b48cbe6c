"""The city level's routes in the authorisation matrix.

In the matrix's organisation roles, nobody is a member of the city: every city
page is a 404 for the organisation's users (and for superusers, who are no
member of anything). The city roles themselves are checked in
``tests/city/test_city_matrix.py``.
"""

from lgsys.models import Role
from tests.city.factories import make_city, make_invitation, make_normative
from tests.factories import make_organisation
from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, Entry, expect

CITY_ONLY = expect(302, 404, 404, 404, 404, 404, 404)
# An invitation's link, opened by anyone: the form to anonymous visitors, a page
# that says "another account" to a logged-in user of another e-mail address.
OPEN_LINK = expect(200, 200, 200, 200, 200, 200, 200)
# Posted by a logged-in user whose e-mail is not the invitation's: refused.
OTHER_ACCOUNT = expect(200, 403, 403, 403, 403, 403, 403)


def city(org, users) -> dict:
    return {"city_code": make_city("STH").code}


def city_org(org, users) -> dict:
    city_ = make_city("STH")
    other = city_.organisations.first() or make_organisation(
        "STHORG", name="Stadens förvaltning", city=city_
    )
    return {"city_code": city_.code, "code": other.code}


def city_invitation(org, users) -> dict:
    kwargs = city_org(org, users)
    from lgsys.models import Organisation

    invitation, _token = make_invitation(
        Organisation.objects.get(code=kwargs["code"]), Role.COORDINATOR
    )
    return {**kwargs, "pk": invitation.pk}


def normative(org, users) -> dict:
    return {"city_code": "STH", "pk": make_normative(make_city("STH")).pk}


def token(org, users) -> dict:
    return {"token": make_invitation(org, Role.HEAD)[1]}


def member_invitation(org, users) -> dict:
    return {"pk": make_invitation(org, Role.HEAD)[0].pk}


MATRIX = {
    "accept_invitation": Entry(get=OPEN_LINK, post=OTHER_ACCOUNT, kwargs=token),
    # The organisation's members: the coordinator invites (an empty POST is
    # refused on the form: 200).
    "members:list": Entry(get=COORDINATOR, post=COORDINATOR),
    "members:invitation_revoke": Entry(
        post=COORDINATOR_REDIRECT, kwargs=member_invitation
    ),
    # The city level: closed to every organisation role.
    "city:home": Entry(get=CITY_ONLY, kwargs=city),
    "city:organisation_create": Entry(get=CITY_ONLY, post=CITY_ONLY, kwargs=city),
    "city:organisation": Entry(get=CITY_ONLY, post=CITY_ONLY, kwargs=city_org),
    "city:invitation_revoke": Entry(post=CITY_ONLY, kwargs=city_invitation),
    "city:group_mapping_create": Entry(post=CITY_ONLY, kwargs=city_org),
    "normative:list": Entry(get=CITY_ONLY, kwargs=city),
    "normative:create": Entry(get=CITY_ONLY, post=CITY_ONLY, kwargs=city),
    "normative:detail": Entry(get=CITY_ONLY, kwargs=normative),
    "normative:revise": Entry(get=CITY_ONLY, post=CITY_ONLY, kwargs=normative),
    "normative:retire": Entry(get=CITY_ONLY, post=CITY_ONLY, kwargs=normative),
}
