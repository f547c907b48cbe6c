"""The city level's fixtures: Stockholms stad with two förvaltningar, its city
roles, and another city with its own officer."""

from datetime import date

import pytest
from django.utils import timezone

from lgsys.models import CityMembership, CityRole, Municipality, Role
from reviews.approval import services as approval
from reviews.models import ManagementReview, ReviewStatus
from tests.actions.factories import make_action
from tests.classification.factories import make_asset, make_classification, make_risk
from tests.factories import make_member, make_organisation, make_user
from tests.reviews_inputs.factories import at, make_incident
from tests.reviews_report.factories import make_submittable_review


def make_city_member(city, role, username):
    user = make_user(username)
    CityMembership.objects.create(user=user, municipality=city, role=role)
    return user


@pytest.fixture
def city(db):
    return Municipality.objects.create(name="Stockholms stad", code="STH")


@pytest.fixture
def other_city(db):
    return Municipality.objects.create(name="Göteborgs stad", code="GBG")


@pytest.fixture
def kul(city):
    return make_organisation("KUL", name="Kulturförvaltningen", city=city)


@pytest.fixture
def idr(city):
    return make_organisation("IDR", name="Idrottsförvaltningen", city=city)


@pytest.fixture
def city_ciso(city):
    return make_city_member(city, CityRole.CISO, "stad-ansvarig")


@pytest.fixture
def city_auditor(city):
    return make_city_member(city, CityRole.AUDITOR, "stad-revisor")


@pytest.fixture
def other_city_ciso(other_city):
    return make_city_member(other_city, CityRole.CISO, "gbg-ansvarig")


def fill_registers(org, *, assets=3, risks=2, breaches=1, seed=0):
    """A small register: ``assets`` assets (every other classified and
    prioritised), ``risks`` risks, ``breaches`` breaches (one reported to IMY in
    time) and an incident, two actions (one done, one delayed)."""
    year = timezone.localdate().year
    for i in range(assets):
        asset = make_asset(org, prioritised=i % 2 == 0)
        if i % 2 == 0:
            make_classification(org, asset, classified_on=date(year, 1, 1))
    for i in range(risks):
        make_risk(org, likelihood=1 + (i + seed) % 4, consequence=1 + i % 4)
    for i in range(breaches):
        discovered = at(year, 1, 2 + i, 9, 0)
        make_incident(
            org,
            kind="personuppgift",
            discovered_at=discovered,
            imy_assessment="anmald" if i == 0 else "ej_anmald",
            reported_to_imy_at=at(year, 1, 3 + i, 9, 0) if i == 0 else None,
        )
    make_incident(org, kind="it", discovered_at=at(year, 1, 5, 8, 0))
    make_action(org, start_year=year + 1, status="genomford")
    make_action(org, start_year=year + 1, status="forsenad")


def head_of(org):
    membership = org.memberships.filter(role=Role.HEAD).first()
    if membership is not None:
        return membership.user
    return make_member(org, Role.HEAD, make_user(f"chef-{org.code.lower()}"))


def submitted_review(org, *, year=None):
    """A review of ``year`` (this year) submitted with its snapshot of today."""
    year = year or timezone.localdate().year
    review = make_submittable_review(org, year=year)
    coordinator = org.memberships.get(role=Role.COORDINATOR).user
    return approval.review_submit(review=review, by=coordinator)


def decide(review, *, on=None):
    """Decided as the approval leaves it (status, date, person), without the
    PDF render the workflow's own tests cover; the snapshot stays as taken."""
    head = head_of(review.organisation)
    ManagementReview.objects.filter(pk=review.pk).update(
        status=ReviewStatus.APPROVED,
        decided_on=on or timezone.localdate(),
        decided_by=head,
    )
    review.refresh_from_db()
    return review


def decided_review(org, *, year=None, on=None):
    return decide(submitted_review(org, year=year), on=on)
