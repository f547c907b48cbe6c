"""The bench's city: the overview, its export and the compilation's data cost
the same number of queries whatever the size of the registers behind them (the
bench measures them at 50 organisations; here 4, at two tiny sizes)."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction

from lgsys.models import Organisation
from reviews.bench.city import measure_city
from reviews.bench.runner import BENCH_ORG, SIZES
from reviews.bench.summary import _city_row


@pytest.mark.django_db
def test_the_city_bench_at_two_tiny_sizes_counts_equal_queries():
    measured = []
    for factor in (1, 2):
        sizes = {k: v * factor for k, v in SIZES["tiny"].items()}
        with transaction.atomic():
            with open(os.devnull, "w") as quiet:
                call_command("seed_large", org=BENCH_ORG, **sizes, stdout=quiet)
            org = Organisation.objects.get(code=BENCH_ORG)
            measured.append(measure_city(org, requests=1, organisations=4))
            transaction.set_rollback(True)
    small, large = measured
    for city in (small, large):
        assert city["overview"]["status"] == 200
        assert city["overview_xlsx"]["status"] == 200
        # C01 and C03 decided with the bench organisation's snapshot; the bench
        # organisation and C02 live.
        assert city["compilation"]["decided"] == 2
        assert city["compilation"]["undecided"] == 2
        assert city["compilation"]["html"]["requests"] == 1
    row = _city_row(small, large, "large")
    assert row["verdict"] == "met", row
    assert "4 organisations" in row["target"]
