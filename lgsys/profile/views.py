from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lgsys.forms import add_errors
from lgsys.models import Membership
from lgsys.profile import services
from lgsys.profile.forms import ReminderSettingsForm
from lgsys.services import StaleEdit


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own page: every user has one, whatever their roles."""
    choices = services.reminder_choices(request.user)
    if request.method == "POST":
        form = ReminderSettingsForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                services.reminder_settings_update(
                    user=request.user,
                    by=request.user,
                    enabled=form.enabled(),
                    version=form.version,
                )
            except StaleEdit as stale:
                form.add_error(None, stale)
                form.carry_choices(services.reminder_choices(request.user))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your reminders were saved."))
                return redirect("profile")
    else:
        form = ReminderSettingsForm(choices=choices)
    return render(
        request,
        "lgsys/profile.html",
        {
            "form": form,
            "profile_memberships": Membership.objects.for_user(request.user),
        },
    )
