"""An organisation's members and its waiting invitations; the coordinator
invites the head, auditors and information owners from here."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lgsys.city import services
from lgsys.city.forms import member_invite_form
from lgsys.forms import add_errors
from lgsys.models import Capability, Invitation, Membership
from lgsys.permissions import get_object_for_org, organisation_view


def members_and_invitations(organisation) -> dict:
    """The organisation's members by role and name, and its waiting invitations
    (this page and the city's page of the organisation)."""
    return {
        "members": Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name"),
        "invitations": Invitation.objects.filter(organisation=organisation)
        .pending()
        .select_related("invited_by"),
    }


def send_invitation(request, form, *, organisation, role) -> bool:
    """Invite the form's address to ``organisation`` with ``role``; say so, or
    put the service's refusal on the form. True when sent."""
    try:
        services.invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=role,
            title=form.cleaned_data["title"],
            by=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(
        request,
        _("An invitation was sent to %(email)s.")
        % {"email": form.cleaned_data["email"]},
    )
    return True


def _page(request, form) -> HttpResponse:
    return render(
        request,
        "lgsys/city/members.html",
        {
            **members_and_invitations(request.organisation),
            "form": form,
            "revocable": services.MEMBER_INVITE_ROLES,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def member_list(request: HttpRequest) -> HttpResponse:
    form = member_invite_form(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and send_invitation(
            request, form, organisation=request.organisation, role=form.role
        )
    ):
        return redirect("members:list", org_code=request.organisation.code)
    return _page(request, form)


@require_POST
@organisation_view(Capability.EDIT)
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_for_org(
        Invitation.objects.select_related("organisation").filter(
            role__in=services.MEMBER_INVITE_ROLES
        ),
        request,
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
    return redirect("members:list", org_code=request.organisation.code)
