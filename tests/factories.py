"""Plain factory functions for the core.

Apps keep theirs in tests/<app>/factories.py.
"""

from itertools import count

from django.contrib.auth import get_user_model

from lgsys.models import Membership, Organisation, Role

PASSWORD = "correct-horse-battery-staple"
_seq = count(1)


def make_organisation(code: str | None = None, **fields) -> Organisation:
    n = next(_seq)
    code = code or f"ORG{n}"
    fields.setdefault("name", f"Förvaltning {code}")
    return Organisation.objects.create(code=code, **fields)


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_seq)}"
    fields.setdefault("first_name", username.capitalize())
    fields.setdefault("last_name", "Testsson")
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, **fields
    )


def make_member(
    organisation: Organisation, role: str = Role.COORDINATOR, user=None, **fields
):
    user = user or make_user()
    Membership.objects.create(user=user, organisation=organisation, role=role, **fields)
    return user


def edit_data(obj, **data) -> dict:
    """POST data for an edit form of ``obj``, with the version the form would
    have shown (every edit form requires it)."""
    from lgsys.forms import TOKEN_FIELD
    from lgsys.services import version_token

    return {TOKEN_FIELD: version_token(obj), **data}
