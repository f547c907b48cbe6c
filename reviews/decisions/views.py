from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.models import Action
from lgsys.forms import add_errors
from lgsys.models import Capability
from lgsys.permissions import get_object_for_org, organisation_view
from reviews.decisions import services
from reviews.decisions.forms import DecisionForm
from reviews.models import DecidedAction


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def action_decision(request: HttpRequest, action_pk: int) -> HttpResponse:
    """Which review decided an action, and the findings that motivated it."""
    action = get_object_for_org(
        Action.objects.select_related("area"), request, pk=action_pk
    )
    decision = (
        DecidedAction.objects.filter(action=action).prefetch_related("findings").first()
    )
    back = reverse("actions:action_detail", args=[request.organisation.code, action.pk])
    form = DecisionForm(
        # an empty POST is a choice too: decided in no review
        request.POST if request.method == "POST" else None,
        organisation=request.organisation,
        decision=decision,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_decision_set(
                action=action,
                review=form.cleaned_data["review"],
                findings=form.cleaned_data["findings"],
                by=request.user,
                version=form.version,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(back)
    return render(
        request,
        "reviews/decisions/action_decision.html",
        {"action": action, "form": form, "back": back},
    )
