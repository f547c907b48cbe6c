"""The permission gate every organisation page goes through.

URLs carry the organisation's code (``/KUL/...``). The gate:

- answers 404 when the user is not a member of that organisation, so another
  organisation's pages and objects are indistinguishable from missing ones;
- answers 403 when the member's role lacks the capability the view needs, and
  for every state-changing request from a read-only role (auditors);
- otherwise sets ``request.organisation`` and ``request.membership``.

Object lookups go through :func:`get_object_for_org`, which filters by the
request's organisation, so an id of another organisation's object is a 404.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from lgsys.models import Capability, CityCapability, CityMembership, Membership

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The session's "organisation" names a city level as "stad:STH" (no organisation
# code has a colon).
CITY_PREFIX = "stad:"


def resolve_membership(request: HttpRequest, org_code: str) -> Membership:
    """The user's membership of the organisation with this code, or 404."""
    membership = (
        Membership.objects.for_user(request.user)
        .filter(organisation__code=org_code)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation")
    return membership


def organisation_view(capability: str = Capability.VIEW) -> Callable:
    """Decorate a view taking ``org_code``; the view itself receives only ``request``
    (plus its other URL arguments) with ``request.organisation`` and
    ``request.membership`` set.

    ``capability`` may be a single capability or a tuple of which any one suffices.
    """
    wanted = (capability,) if isinstance(capability, str) else tuple(capability)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def gated(request: HttpRequest, org_code: str, *args, **kwargs):
            if not request.user.is_authenticated:
                # LoginRequiredMiddleware normally answers first.
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            membership = resolve_membership(request, org_code)
            if request.method not in SAFE_METHODS and membership.read_only:
                raise PermissionDenied
            if not any(membership.can(c) for c in wanted):
                raise PermissionDenied
            request.membership = membership
            request.organisation = membership.organisation
            if request.session.get("organisation") != org_code:
                request.session["organisation"] = org_code
            return view(request, *args, **kwargs)

        gated.lgsys_gate = wanted
        return gated

    return decorator


def get_object_for_org(
    model_or_queryset: type[Model] | QuerySet, request: HttpRequest, **lookup
):
    """``get_object_or_404`` limited to the request's organisation."""
    queryset = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return get_object_or_404(
        queryset.filter(organisation=request.organisation), **lookup
    )


def resolve_city_membership(request: HttpRequest, city_code: str) -> CityMembership:
    """The user's city membership of the municipality with this code, or 404."""
    membership = (
        CityMembership.objects.for_user(request.user)
        .filter(municipality__code=city_code)
        .first()
    )
    if membership is None:
        raise Http404("No such city")
    return membership


def city_view(capability: str = CityCapability.VIEW) -> Callable:
    """The city level's gate, as :func:`organisation_view` for organisations:
    decorate a view taking ``city_code`` (URLs ``/stad/<city_code>/...``); the view
    receives ``request`` with ``request.city`` (the Municipality) and
    ``request.city_membership`` set. Not a member of that city: 404; the role
    lacks the capability: 403; a read-only role (stadens revisor) sending an
    unsafe method: 403.

    A city membership never opens an organisation's pages: those stay behind
    :func:`organisation_view`, which asks for an organisation membership.
    """
    wanted = (capability,) if isinstance(capability, str) else tuple(capability)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def gated(request: HttpRequest, city_code: str, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            membership = resolve_city_membership(request, city_code)
            if request.method not in SAFE_METHODS and membership.read_only:
                raise PermissionDenied
            if not any(membership.can(c) for c in wanted):
                raise PermissionDenied
            request.city_membership = membership
            request.city = membership.municipality
            if request.session.get("organisation") != CITY_PREFIX + city_code:
                request.session["organisation"] = CITY_PREFIX + city_code
            return view(request, *args, **kwargs)

        gated.lgsys_city_gate = wanted
        return gated

    return decorator
