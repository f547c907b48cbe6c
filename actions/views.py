from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import services
from actions.forms import ActionAreaForm, ActionForm, PlanFilterForm, StatusForm
from actions.models import Action, ActionArea
from actions.plan import PLAN_PAGE_SIZE, plan_page, planning_window
from lgsys import registry
from lgsys.exports import FORMATS, export_response
from lgsys.forms import add_errors
from lgsys.history import object_history
from lgsys.listing import paginate, querystring_without
from lgsys.models import Capability
from lgsys.permissions import get_object_for_org, organisation_view


def _plan_url(request) -> str:
    return reverse("actions:plan", args=[request.organisation.code])


def _back_to_plan(request, anchor: str) -> HttpResponse:
    """The plan page the move was made on (its page and filters travel in the
    form's address), at ``anchor``."""
    query = request.GET.urlencode()
    return redirect(f"{_plan_url(request)}{'?' if query else ''}{query}#{anchor}")


def _default_review_year(membership) -> int:
    """The latest review's year (the reviews say it), else last year."""
    defaults = registry.page_defaults("actions.plan", membership)
    return defaults.get("review_year") or timezone.localdate().year - 1


def _filtered(request):
    """The filter form and the actions it selects (in the window unless a year is
    chosen)."""
    default_year = _default_review_year(request.membership)
    form = PlanFilterForm(
        request.GET or None,
        organisation=request.organisation,
        initial={"review_year": default_year},
    )
    data = form.cleaned_data if form.is_valid() else {}
    review_year = data.get("review_year") or default_year
    window = planning_window(review_year)
    actions = Action.objects.filter(organisation=request.organisation).for_plan()
    if data.get("overdue"):  # whatever the window: they ended before it
        actions = actions.past_period(timezone.localdate().year)
    elif data.get("year"):
        actions = actions.active_in(data["year"])
    else:
        actions = actions.in_window(window[0], window[-1])
    if data.get("area"):
        actions = actions.filter(area=data["area"])
    if data.get("status"):
        actions = actions.filter(status=data["status"])
    if data.get("responsible"):
        term = data["responsible"]
        actions = actions.filter(
            Q(responsible_title__icontains=term)
            | Q(responsible_user__first_name__icontains=term)
            | Q(responsible_user__last_name__icontains=term)
        )
    return form, review_year, window, actions


@require_GET
@organisation_view(Capability.VIEW)
def plan(request: HttpRequest) -> HttpResponse:
    form, review_year, window, actions = _filtered(request)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _export(request, fmt, actions, review_year)
    filtered = any(
        request.GET.get(k) for k in ("area", "status", "year", "responsible", "overdue")
    )
    page = paginate(request, actions, per_page=PLAN_PAGE_SIZE)
    page_query = querystring_without(request, "page")
    return render(
        request,
        "actions/plan.html",
        {
            "form": form,
            "review_year": review_year,
            "window": window,
            "plan": plan_page(request.organisation, window, actions, page),
            "page_obj": page,
            "page_query": page_query,
            # e.g. the actions decided in earlier reviews (the reviews add them)
            "panels": registry.page_panels(
                "actions.plan", request.membership, review_year=review_year
            ),
            "filtered": filtered,
            "can_edit": request.membership.can(Capability.EDIT),
            "query": page_query.rstrip("&"),
        },
    )


def _export(request, fmt, actions, review_year) -> HttpResponse:
    headers = [
        _("Area"),
        _("Period"),
        _("Action"),
        _("Responsible"),
        _("Status"),
        _("Priority"),
        _("Start year"),
        _("End year"),
        _("Done on"),
    ]
    rows = (
        [
            a.area.title,
            a.period_label,
            a.text,
            a.responsible,
            a.get_status_display(),
            a.get_priority_display(),
            a.start_year,
            a.end_year,
            a.done_on,
        ]
        for a in actions
    )
    name = (
        f"atgardsplan-{request.organisation.code}-{review_year + 1}-{review_year + 3}"
    )
    return export_response(fmt=fmt, filename=name, headers=headers, rows=rows)


@require_GET
@organisation_view(Capability.VIEW)
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_for_org(
        Action.objects.select_related("area", "responsible_user"),
        request,
        pk=pk,
    )
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "risks": list(action.risks.all()),
            "assets": list(action.assets.all()),
            "history": object_history(action),
            "can_edit": request.membership.can(Capability.EDIT),
            # e.g. the review that decided it (the reviews add it)
            "panels": registry.page_panels(
                "actions.action_detail", request.membership, action=action
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def action_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    action = get_object_for_org(Action, request, pk=pk) if pk else None
    initial = {}
    if action is None and request.GET.get("area"):
        initial["area"] = request.GET["area"]
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        instance=action,
        organisation=request.organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.instance
        m2m = {name: form.cleaned_data[name] for name in ("risks", "assets")}
        try:
            if action is None:
                services.action_create(action=saved, by=request.user, m2m=m2m)
            else:
                services.action_update(
                    action=saved,
                    by=request.user,
                    version=form.version,
                    m2m=m2m,
                    **form.service_kwargs(),
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(saved.get_absolute_url())
    return render(request, "actions/action_form.html", {"form": form, "action": action})


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_for_org(Action, request, pk=pk)
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        initial={"status": action.status},
        instance=action,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_set_status(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
                version=form.version,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(action.get_absolute_url())
    return render(request, "actions/status_form.html", {"form": form, "action": action})


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_for_org(Action, request, pk=pk)
    if request.method == "POST":
        services.action_delete(action=action, by=request.user)
        messages.success(request, _("The action was deleted."))
        return redirect(_plan_url(request))
    return render(
        request,
        "actions/confirm_delete.html",
        {"object": action, "cancel_url": action.get_absolute_url()},
    )


@require_POST
@organisation_view(Capability.EDIT)
def action_move(request: HttpRequest, pk: int, up: bool) -> HttpResponse:
    action = get_object_for_org(Action, request, pk=pk)
    services.action_move(action=action, up=up, by=request.user)
    return _back_to_plan(request, f"action-{action.pk}")


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def area_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    area = get_object_for_org(ActionArea, request, pk=pk) if pk else None
    form = ActionAreaForm(
        request.POST if request.method == "POST" else None,
        instance=area,
        organisation=request.organisation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if area is None:
                services.area_create(area=form.instance, by=request.user)
            else:
                services.area_update(
                    area=form.instance,
                    by=request.user,
                    version=form.version,
                    **form.service_kwargs(),
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The area was saved."))
            return redirect(_plan_url(request))
    return render(
        request,
        "actions/area_form.html",
        {"form": form, "area": area, "history": object_history(area) if area else []},
    )


@require_http_methods(["GET", "POST"])
@organisation_view(Capability.EDIT)
def area_delete(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_for_org(ActionArea, request, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.area_delete(area=area, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, _("The area was deleted."))
            return redirect(_plan_url(request))
    return render(
        request,
        "actions/confirm_delete.html",
        {
            "object": area,
            "error": error,
            "cancel_url": _plan_url(request),
            "blocked_count": area.actions.count(),
        },
        status=400 if error else 200,
    )


@require_POST
@organisation_view(Capability.EDIT)
def area_move(request: HttpRequest, pk: int, up: bool) -> HttpResponse:
    area = get_object_for_org(ActionArea, request, pk=pk)
    services.area_move(area=area, up=up, by=request.user)
    return _back_to_plan(request, f"area-{area.pk}")
