"""Who may reach a route: the profiles the authorisation matrix is written in.

Apps declare their routes in ``tests/<app>/matrix.py``::

    from tests.matrix import COORDINATOR, READ, Entry

    MATRIX = {
        "classification:asset_list": Entry(get=READ),
        "classification:asset_edit": Entry(
            get=COORDINATOR, post=COORDINATOR, kwargs=lambda org, users: {"pk": ...}
        ),
    }

``kwargs(org, users)`` builds the URL's other arguments (a fresh object for each
request, since a POST may delete it); keys starting with "?" go in the query string.
``users`` maps role names (see ROLES) to users.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "coordinator",
    "head",
    "auditor",
    "owner",
    "outsider",
    "superuser",
)


def expect(anonymous, coordinator, head, auditor, owner, outsider, superuser):
    return dict(
        zip(
            ROLES,
            (anonymous, coordinator, head, auditor, owner, outsider, superuser),
            strict=True,
        )
    )


# Profiles, named after who gets in. A superuser is not a member of the
# organisation: organisation pages are as closed to them as to an outsider.
READ = expect(302, 200, 200, 200, 200, 404, 404)
COORDINATOR = expect(302, 200, 403, 403, 403, 404, 404)
COORDINATOR_REDIRECT = expect(302, 302, 403, 403, 403, 404, 404)
HISTORY = expect(302, 200, 404, 200, 404, 404, 404)
HEAD = expect(302, 403, 200, 403, 403, 404, 404)


@dataclass(frozen=True)
class Entry:
    get: dict | None = None
    post: dict | None = None
    # Builds the URL's other arguments for the organisation under test.
    kwargs: Callable = field(default=lambda org, users: {})
