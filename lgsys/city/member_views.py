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


def _page(request, form) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "lgsys/city/members.html",
        {
            "members": Membership.objects.filter(organisation=organisation)
            .select_related("user")
            .order_by("role", "user__last_name", "user__first_name"),
            "invitations": Invitation.objects.filter(organisation=organisation)
            .pending()
            .select_related("invited_by"),
            "form": form,
            "revocable": services.MEMBER_INVITE_ROLES,
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def member_list(request: HttpRequest) -> HttpResponse:
    form = member_invite_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=request.organisation,
                email=form.cleaned_data["email"],
                role=form.role,
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
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
