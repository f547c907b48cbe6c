"""Factories for the city level: cities, city roles, invitations."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from classification.models import NormativeClassification
from lgsys.models import CityMembership, CityRole, Invitation, Municipality, Role
from tests.factories import make_user


def make_city(code: str = "STH", name: str | None = None) -> Municipality:
    city = Municipality.objects.filter(code=code).first()
    if city is None:
        city = Municipality.objects.create(code=code, name=name or f"Stad {code}")
    return city


def make_city_member(city, role: str = CityRole.CISO, user=None, **fields):
    user = user or make_user()
    CityMembership.objects.create(user=user, municipality=city, role=role, **fields)
    return user


def make_invitation(
    organisation, role: str = Role.HEAD, email: str | None = None, **fields
) -> tuple[Invitation, str]:
    """A waiting invitation and its token (as the link would carry it)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    fields.setdefault("expires_at", now + timedelta(days=7))
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email or f"inv{secrets.token_hex(3)}@example.se",
        role=role,
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
        **fields,
    )
    return invitation, token


def make_normative(city, name: str | None = None, k=2, r=2, t=2, s=None, **fields):
    return NormativeClassification.objects.create(
        municipality=city,
        name=name or f"Typ {secrets.token_hex(3)}",
        k=k,
        r=r,
        t=t,
        s=s,
        **fields,
    )
