"""The city level's review pages in the authorisation matrix. The matrix's
users are members of organisations, none of a city: every city page is a 404 to
them (the city in the URL is not theirs), and the anonymous visitor is sent to
log in. What the city roles themselves reach is tested in test_overview.py and
test_compilation.py."""

from tests.matrix import Entry, expect

NOT_FOR_ORGANISATIONS = expect(302, 404, 404, 404, 404, 404, 404)

MATRIX = {
    "city_reviews:overview": Entry(get=NOT_FOR_ORGANISATIONS),
    "city_reviews:overview_export": Entry(
        get=NOT_FOR_ORGANISATIONS, kwargs=lambda org, users: {"fmt": "csv"}
    ),
    # its org_code is the matrix organisation's own: still a 404
    "city_reviews:organisation_figures": Entry(get=NOT_FOR_ORGANISATIONS),
    "city_reviews:decided_pdf": Entry(get=NOT_FOR_ORGANISATIONS),
    "city_reviews:compilation_pdf": Entry(
        get=NOT_FOR_ORGANISATIONS, kwargs=lambda org, users: {"year": 2023}
    ),
}
