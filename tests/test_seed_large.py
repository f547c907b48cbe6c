"""``manage.py seed_large``: a plausible large organisation, quickly (the bench
measures the speed; here, that what it makes is right)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from actions.models import Action
from classification.models import Classification, InformationAsset, Risk
from lgsys.audit import timeline
from lgsys.models import Organisation
from lgsys.seed import history_count
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
