"""The review list reads a fixed number of queries, whatever the number of
reviews (issue 18: it read the organisation once per review with a Dnr)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reviews_report.factories import make_review


def test_review_list_queries_do_not_grow_with_reviews(
    as_user, coordinator, org, django_assert_num_queries
):
    client = as_user(coordinator)
    url = reverse("reviews:review_list", args=[org.code])
    make_review(org, year=2010, dnr=f"{org.code} 2010/0001")
    client.get(url)  # the session and the caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for year in range(2011, 2020):
        make_review(org, year=year, dnr=f"{org.code} {year}/0001")
    with django_assert_num_queries(len(one), info="-v shows the queries"):
        response = client.get(url)
    page = response.content.decode()
    assert all(f"{org.code} {year}/0001" in page for year in range(2010, 2020))
