"""The SSO routes as the matrix walks them: with no identity provider configured
(the default) they do not exist (404) for anyone; only the step-up needs a login.
With providers configured they are tested in tests/sso/ and tests/e2e/test_sso.py.
"""

from tests.matrix import Entry, expect

OFF = expect(404, 404, 404, 404, 404, 404, 404)
NOT_ALLOWED = expect(405, 405, 405, 405, 405, 405, 405)

MATRIX = {
    "sso:oidc_login": Entry(get=OFF, post=NOT_ALLOWED),
    "sso:oidc_callback": Entry(get=OFF, post=NOT_ALLOWED),
    "sso:saml_login": Entry(get=OFF, post=NOT_ALLOWED),
    "sso:saml_metadata": Entry(get=OFF, post=NOT_ALLOWED),
    "sso:saml_acs": Entry(get=NOT_ALLOWED, post=OFF),
    "sso:saml_done": Entry(
        get=OFF, post=NOT_ALLOWED, kwargs=lambda org, users: {"handoff": "x"}
    ),
    "sso:stepup": Entry(
        get=expect(302, 404, 404, 404, 404, 404, 404),
        post=expect(302, 405, 405, 405, 405, 405, 405),
    ),
}
