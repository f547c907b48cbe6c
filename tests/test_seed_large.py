"""``manage.py seed_large``: a plausible large organisation, quickly (the bench
measures the speed; here, that what it makes is right)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actions.models import Action
from classification.models import Classification, InformationAsset, Risk
from lgsys.audit import timeline
from lgsys.models import Organisation
from lgsys.seed import BENCH_END, history_count, tracked_history_models
from reviews.models import Incident, ManagementReview


@pytest.mark.django_db
def test_seed_large_makes_the_asked_organisation(client: Client):
    call_command(
        "seed_large",
        org="STOR",
        assets=40,
        risks=60,
        incidents=25,
        actions=12,
        history=3000,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    org = Organisation.objects.get(code="STOR")
    assert InformationAsset.objects.filter(organisation=org).count() == 40
    assert Risk.objects.filter(organisation=org).count() == 60
    assert Incident.objects.filter(organisation=org).count() == 25
    assert Action.objects.filter(organisation=org).count() == 12
    assert history_count(org) == 3000
    # Links between records, and classifications in revisions.
    assert Risk.assets.through.objects.filter(risk__organisation=org).count() == 60
    assert Classification.objects.filter(organisation=org).count() > 0
    assert ManagementReview.objects.filter(organisation=org).count() == 1
    # Every record validates as if entered by hand.
    for model in (InformationAsset, Risk, Incident, Action):
        for obj in model.objects.filter(organisation=org)[:25]:
            obj.full_clean()
    # The pages work on it.
    coordinator = org.memberships.filter(role="samordnare").first().user
    client.force_login(coordinator)
    for name in ("classification:asset_list", "reviews:incident_list", "actions:plan"):
        assert client.get(reverse(name, args=[org.code])).status_code == 200
    assert timeline.page(org).rows


SMALL = {"assets": 30, "risks": 45, "incidents": 20, "actions": 10, "history": 2500}


def _seed(code="STOR", **sizes):
    call_command(
        "seed_large",
        org=code,
        **{**SMALL, **sizes},
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    return Organisation.objects.get(code=code)


@pytest.mark.django_db
def test_every_seeded_record_starts_with_its_created_row_and_changes_follow():
    org = _seed()
    checked = 0
    for history_model in tracked_history_models():
        rows = history_model._base_manager.filter(organisation_id=org.pk).order_by(
            "id", "history_date", "history_id"
        )
        first: dict = {}
        for object_id, kind, when in rows.values_list(
            "id", "history_type", "history_date"
        ):
            if object_id not in first:
                # The earliest row of every record is its created row.
                assert kind == "+", (history_model.__name__, object_id, kind)
                first[object_id] = when
                checked += 1
            else:
                assert when >= first[object_id]
                assert kind != "+", (history_model.__name__, object_id)
            # Everything up to the bench date, none of it today.
            assert when <= BENCH_END + timedelta(seconds=2)
    assert checked > 100
    # The changes are spread through the years, not all on one day.
    years = {
        d.year
        for h in tracked_history_models()
        for d in h._base_manager.filter(
            organisation_id=org.pk, history_type="~"
        ).values_list("history_date", flat=True)
    }
    assert len(years) >= 4


def _fingerprint(org) -> dict:
    """Every seeded row's own values (ids and links left out: they are numbered
    by the database), per table, in order."""
    found = {}
    for history_model in tracked_history_models():
        model = history_model.instance_type
        for table, manager, extra in (
            (model, model._base_manager, []),
            (history_model, history_model._base_manager, ["history_date"]),
        ):
            names = [
                f.attname
                for f in table._meta.concrete_fields
                if not f.is_relation
                and not f.primary_key
                and f.attname not in {"id", "history_id"}
            ]
            found[table.__name__] = sorted(
                map(
                    repr,
                    manager.filter(organisation_id=org.pk).values_list(*names, *extra),
                )
            )
    return found


@pytest.mark.django_db
def test_the_seeders_do_not_depend_on_today(monkeypatch):
    """The same sizes give the same rows on any day: seeded on two days, in a
    transaction rolled back in between."""
    import datetime as real

    from django.db import transaction
    from django.utils import timezone

    prints = []
    for day in (real.date(2026, 12, 3), real.date(2031, 3, 17)):
        moment = real.datetime.combine(day, real.time(10, 0), tzinfo=real.UTC)

        class Today(real.date):
            @classmethod
            def today(cls, day=day):
                return day

        class Now(real.datetime):
            @classmethod
            def now(cls, tz=None, moment=moment):
                return moment

        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        for module in ("lgsys.seed", "classification.seed", "reviews.seed"):
            mod = __import__(module, fromlist=["x"])
            if hasattr(mod, "date"):
                monkeypatch.setattr(mod, "date", Today)
            if hasattr(mod, "datetime"):
                monkeypatch.setattr(mod, "datetime", Now)
        with transaction.atomic():
            prints.append(_fingerprint(_seed(history=1200)))
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert len(prints[0]["HistoricalRisk"]) == 45 + sum(
        1 for row in prints[0]["HistoricalRisk"] if "seed_large" in row
    )
