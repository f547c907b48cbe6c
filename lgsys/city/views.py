"""The city level's own pages: its home (the city's organisations), onboarding
an organisation and inviting its first coordinator; and the invitation link."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lgsys import registry
from lgsys.city import services
from lgsys.city.forms import (
    AcceptInvitationForm,
    GroupMappingForm,
    InvitationForm,
    OrganisationCreateForm,
)
from lgsys.city.member_views import members_and_invitations, send_invitation
from lgsys.forms import add_errors
from lgsys.history import object_history
from lgsys.models import CityCapability, Invitation, Organisation, Role
from lgsys.permissions import city_view
from lgsys.sso import conf as sso_conf
from lgsys.sso import services as sso_services
from lgsys.sso.models import GroupMapping


def _city_organisations(city):
    """The city's organisations with their members and waiting invitations
    counted (one query)."""
    now = timezone.now()
    return (
        Organisation.objects.filter(city=city)
        .defer("logo")
        .annotate(
            coordinators=Count(
                "memberships",
                filter=Q(memberships__role=Role.COORDINATOR),
                distinct=True,
            ),
            members=Count("memberships", distinct=True),
            waiting=Count(
                "invitations",
                filter=Q(
                    invitations__accepted_at__isnull=True,
                    invitations__expires_at__gt=now,
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )


@require_GET
@city_view(CityCapability.VIEW)
def home(request: HttpRequest) -> HttpResponse:
    membership = request.city_membership
    return render(
        request,
        "lgsys/city/home.html",
        {
            "organisations": _city_organisations(request.city),
            "can_edit": membership.can(CityCapability.EDIT)
            and not membership.read_only,
            "city_links": registry.city_menu_items(membership),
        },
    )


@require_http_methods(["GET", "POST"])
@city_view(CityCapability.EDIT)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                city=request.city, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was created. Invite its coordinator.")
                % {"name": organisation.name},
            )
            return redirect(
                "city:organisation", city_code=request.city.code, code=organisation.code
            )
    return render(request, "lgsys/city/organisation_form.html", {"form": form})


def _city_organisation(request, code: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.defer("logo"), city=request.city, code=code
    )


def _organisation_page(request, organisation, form, group_form=None):
    membership = request.city_membership
    may_edit = membership.can(CityCapability.EDIT) and not membership.read_only
    providers = sso_conf.enabled()
    if group_form is None and providers:
        group_form = GroupMappingForm(providers=providers, prefix="idp")
    return render(
        request,
        "lgsys/city/organisation.html",
        {
            "organisation": organisation,
            **members_and_invitations(organisation),
            "form": form if may_edit else None,
            # Single sign-on on: the groups whose members are its coordinators.
            "sso_on": bool(providers),
            "group_mappings": GroupMapping.objects.filter(
                organisation=organisation
            ).order_by("provider", "role", "group"),
            "group_form": group_form if may_edit else None,
            # Its onboarding and later changes (the letterhead, the deadline).
            "history": object_history(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@city_view(CityCapability.VIEW)
def organisation(request: HttpRequest, code: str) -> HttpResponse:
    """One of the city's organisations: its people, its waiting invitations, and
    (for the city's officer) the invitation of a coordinator."""
    organisation = _city_organisation(request, code)
    if request.method != "POST":
        return _organisation_page(request, organisation, InvitationForm())
    if not request.city_membership.can(CityCapability.EDIT):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid() and send_invitation(
        request, form, organisation=organisation, role=Role.COORDINATOR
    ):
        return redirect("city:organisation", city_code=request.city.code, code=code)
    return _organisation_page(request, organisation, form)


@require_POST
@city_view(CityCapability.EDIT)
def group_mapping_create(request: HttpRequest, code: str) -> HttpResponse:
    """With single sign-on on, the first coordinator comes by a group at the
    city's identity provider instead of an invitation: its members become the
    organisation's coordinators at their next login (lgsys/sso)."""
    organisation = _city_organisation(request, code)
    providers = sso_conf.enabled()
    if not providers:
        raise PermissionDenied
    form = GroupMappingForm(request.POST, providers=providers, prefix="idp")
    if form.is_valid():
        try:
            sso_services.group_mapping_create(
                provider=form.cleaned_data["provider"],
                group=form.cleaned_data["group"],
                organisation=organisation,
                role=Role.COORDINATOR,
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The group's members become the organisation's coordinators "
                    "at their next login."
                ),
            )
            return redirect("city:organisation", city_code=request.city.code, code=code)
    return _organisation_page(request, organisation, InvitationForm(), form)


@require_POST
@city_view(CityCapability.EDIT)
def invitation_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    organisation = _city_organisation(request, code)
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"),
        organisation=organisation,
        role=Role.COORDINATOR,
        pk=pk,
    )
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was revoked.") % {"email": invitation.email},
        )
    return redirect("city:organisation", city_code=request.city.code, code=code)


# The invitation link ------------------------------------------------------------


# Guessing links: a client address that opened this many unknown links within
# the window is refused for the rest of it (a token has 256 random bits; this
# keeps the guessing from costing the database anything).
MISS_LIMIT = 20
MISS_WINDOW = 10 * 60


def _misses_key(request) -> str:
    return f"lgsys:invitation-misses:{get_client_ip_address(request) or '-'}"


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """/inbjudan/<token>/: the one page an invitee opens. An unknown token is a
    404, a used or expired one a 410, each with a page that says so; too many
    unknown ones from one address a 429."""
    key = _misses_key(request)
    if cache.get(key, 0) >= MISS_LIMIT:
        return render(
            request, "lgsys/city/invitation_gone.html", {"too_many": True}, status=429
        )
    invitation = services.invitation_for_token(token)
    if invitation is None:
        if not cache.add(key, 1, MISS_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.add(key, 1, MISS_WINDOW)
        return render(
            request, "lgsys/city/invitation_gone.html", {"unknown": True}, status=404
        )
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        return render(
            request,
            "lgsys/city/invitation_gone.html",
            {"invitation": invitation, "used": invitation.accepted_at is not None},
            status=410,
        )
    user = request.user
    if user.is_authenticated:
        return _accept_logged_in(request, invitation)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.invitation_accept_new_user(
                invitation=invitation,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(
                request, new_user, backend="django.contrib.auth.backends.ModelBackend"
            )
            messages.success(
                request,
                _("Welcome to %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect(invitation.organisation)
    return render(
        request,
        "lgsys/city/accept_invitation.html",
        {"invitation": invitation, "form": form},
    )


def _accept_logged_in(request, invitation) -> HttpResponse:
    matches = (request.user.email or "").casefold() == invitation.email.casefold()
    error = ""
    if request.method == "POST" and matches:
        try:
            services.invitation_accept_existing(
                invitation=invitation, user=request.user
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _("You are now a member of %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect(invitation.organisation)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "lgsys/city/accept_invitation.html",
        {"invitation": invitation, "matches": matches, "error": error},
    )
