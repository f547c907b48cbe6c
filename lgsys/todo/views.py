from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lgsys.forms import add_errors
from lgsys.models import Capability, Organisation
from lgsys.permissions import organisation_view
from lgsys.todo import services
from lgsys.todo.forms import PlanDeadlineForm


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def plan_deadline_edit(request: HttpRequest) -> HttpResponse:
    """The verksamhetsplan deadline; the dashboard shows the same form."""
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    if request.method == "POST":
        form = PlanDeadlineForm(request.POST, instance=organisation)
        if form.is_valid():
            try:
                services.organisation_plan_deadline_set(
                    organisation=form.instance,
                    by=request.user,
                    plan_deadline=form.cleaned_data["plan_deadline"],
                    version=form.version,
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The deadline was saved."))
                return redirect(organisation)
    else:
        form = PlanDeadlineForm(instance=organisation)
    return render(request, "lgsys/plan_deadline.html", {"form": form})
