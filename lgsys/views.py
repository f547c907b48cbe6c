from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lgsys import registry
from lgsys.models import Capability, CityMembership, Membership, Organisation
from lgsys.permissions import (
    CITY_PREFIX,
    organisation_view,
    resolve_city_membership,
    resolve_membership,
)
from lgsys.todo import services as todo_services
from lgsys.todo.forms import PlanDeadlineForm
from lgsys.todo.items import core_items


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send the user to the organisation (or city level) they last worked in, or
    their first organisation; a user with only a city role to the city level."""
    memberships = list(Membership.objects.for_user(request.user))
    last = request.session.get("organisation")
    if not memberships or (last or "").startswith(CITY_PREFIX):
        cities = list(CityMembership.objects.for_user(request.user))
        city = next(
            (c for c in cities if CITY_PREFIX + c.municipality.code == last),
            cities[0] if cities and not memberships else None,
        )
        if city is not None:
            return redirect("city:home", city_code=city.municipality.code)
    if not memberships:
        return render(request, "lgsys/no_organisation.html")
    chosen = next(
        (m for m in memberships if m.organisation.code == last), memberships[0]
    )
    return redirect(chosen.organisation)


@require_GET
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """The header's organisation switcher (a plain GET form, no JavaScript)."""
    code = request.GET.get("organisation", "")
    if code.startswith(CITY_PREFIX):
        city = resolve_city_membership(request, code.removeprefix(CITY_PREFIX))
        return redirect("city:home", city_code=city.municipality.code)
    membership = resolve_membership(request, code)
    return redirect(membership.organisation)


@require_GET
@organisation_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    members_by_role = dict(
        Membership.objects.filter(organisation=request.organisation)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    roles = [
        (label, members_by_role.get(value, 0))
        for value, label in Membership._meta.get_field("role").choices
    ]
    membership = request.membership
    previous_visit = todo_services.last_visit_record(
        user=request.user, organisation=request.organisation
    )
    deadline_form = None
    if membership.can(Capability.EDIT):
        # Loaded whole: the form's version covers every field (the logo too).
        deadline_form = PlanDeadlineForm(
            instance=Organisation.objects.get(pk=request.organisation.pk)
        )
    return render(
        request,
        "lgsys/dashboard.html",
        {
            "roles": roles,
            "member_count": sum(members_by_role.values()),
            "todo": sorted(
                core_items(membership, previous_visit)
                + registry.dashboard_todo(membership),
                key=lambda item: item.order,
            ),
            "deadline_form": deadline_form,
            # The coordinator invites the organisation's people (lgsys.city).
            "can_invite": membership.can(Capability.EDIT),
            "panels": registry.dashboard_panels(membership),
        },
    )


@require_GET
@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login URL. Anonymous visitors go to the one login page; a
    logged-in user the admin turned away is not staff, so they are refused here
    instead of being sent round between the two login pages."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when this app server can reach the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) for a locked-out attempt."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
        },
        status=429,
    )


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tillgänglighetsredogörelse, as Swedish public services publish (DOS-lagen)."""
    return render(request, "lgsys/accessibility.html")
