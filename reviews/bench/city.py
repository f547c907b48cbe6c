"""The city level in the bench (issue 21): the overview of a city's
organisations, its export and the compilation's data, at ``CITY_ORGANISATIONS``
organisations.

The city is the bench's organisation (its registers at the size measured, its
review a draft: the overview's live figures read those registers) and
``CITY_ORGANISATIONS - 1`` more, seeded cheaply: each by ``seed_large`` at the
tiny size, every other one with its review decided and given the bench
organisation's blocks (built once, as of its data date) as its snapshot. So the
compilation reads about 25 snapshots of the measured size and the overview's
live path reads one register of that size and about 25 tiny ones; not 50 full
registers of the measured size, which would take 50 times the seeding."""

import os
import time
from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

CITY_CODE = "BENCH"
CITY_ORGANISATIONS = 50
TINY = {"assets": 12, "risks": 20, "incidents": 8, "actions": 6, "history": 600}


def seed_city(org, *, organisations: int = CITY_ORGANISATIONS):
    """The city of ``org`` and ``organisations - 1`` more; returns (city, year,
    a client logged in as the city's information security officer)."""
    from django.contrib.auth import get_user_model

    from lgsys.models import CityMembership, CityRole, Municipality, Organisation
    from reviews.bench.pages import latest_review
    from reviews.models import ManagementReview, ReviewStatus
    from reviews.report.selectors import build_blocks

    city, _ = Municipality.objects.get_or_create(
        code=CITY_CODE, defaults={"name": "Bänkstads stad"}
    )
    review = latest_review(org)
    blocks = build_blocks(review)  # as of its data date, at the measured size
    codes = [f"C{i:02d}" for i in range(1, organisations)]
    with open(os.devnull, "w") as quiet:
        for code in codes:
            if not Organisation.objects.filter(code=code).exists():
                call_command("seed_large", org=code, **TINY, stdout=quiet)
    Organisation.objects.filter(code__in=[org.code, *codes]).update(city=city)
    decided = codes[::2]
    ManagementReview.objects.filter(
        organisation__code__in=decided, year=review.year
    ).update(
        status=ReviewStatus.APPROVED,
        blocks_snapshot=blocks,
        data_date=review.data_date,
        decided_on=date(review.year + 1, 3, 1),
    )
    user, _ = get_user_model().objects.get_or_create(
        username="bench-stad", defaults={"first_name": "Stina", "last_name": "Stad"}
    )
    CityMembership.objects.get_or_create(
        user=user, municipality=city, defaults={"role": CityRole.CISO}
    )
    client = Client()
    client.force_login(user)
    return city, review.year, client


def measure_city(org, *, requests: int, organisations: int = CITY_ORGANISATIONS):
    """Query counts (and, with ``requests``, timings) of the overview page, its
    XLSX export and the compilation's data and HTML, at ``organisations``."""
    from reviews.bench.runner import count_queries, freeze_heap, spread, time_requests
    from reviews.city import pdf, selectors

    city, year, client = seed_city(org, organisations=organisations)
    # Measured after the report's renders in this process: their leftovers are
    # start-up to a web worker (gunicorn.conf.py freezes them too).
    freeze_heap()
    pages = {
        "overview": reverse("city_reviews:overview", args=[city.code]) + f"?ar={year}",
        "overview_xlsx": reverse(
            "city_reviews:overview_export", args=[city.code, "xlsx"]
        )
        + f"?ar={year}",
    }
    result = {"organisations": organisations, "year": year}
    for name, url in pages.items():
        queries, most, status = count_queries(client, url)
        page = {"url": url, "queries": queries, "status": status}
        if most != queries:
            page["queries_max"] = most
        if requests:
            page.update(time_requests(client, url, requests))
        result[name] = page
    with CaptureQueriesContext(connection) as queries:
        data = selectors.compilation(city, year)
    compiled = {
        "queries": len(queries.captured_queries),
        "decided": len(data.decided),
        "undecided": len(data.undecided),
    }
    if requests:
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            pdf.render_compilation_html(city, year)
            times.append(time.perf_counter() - start)
        compiled["html"] = spread(times)
    result["compilation"] = compiled
    return result
