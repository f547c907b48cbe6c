"""The city level's normative classifications: the city's information
security officer creates, revises and retires them (each with a reason); the
city's auditor reads them and their history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from classification import services
from classification.city_forms import NormativeForm, NormativeRetireForm
from classification.models import Classification, NormativeClassification
from lgsys.forms import add_errors
from lgsys.history import object_history
from lgsys.models import CityCapability
from lgsys.permissions import city_view


def _normatives(request):
    return NormativeClassification.objects.filter(municipality=request.city)


def _normative(request, pk: int) -> NormativeClassification:
    return get_object_or_404(_normatives(request), pk=pk)


def _can_edit(request) -> bool:
    membership = request.city_membership
    return membership.can(CityCapability.EDIT) and not membership.read_only


def _below(normative, **levels):
    """The organisations' current classifications below the floor (one query)."""
    queryset = Classification.objects.select_related("organisation", "asset")
    if levels:
        queryset = queryset.below_floor(normative, **levels)
    else:
        queryset = queryset.filter(normative=normative).below_normative()
    return queryset.order_by("organisation__name", "asset__name")


@require_GET
@city_view(CityCapability.VIEW)
def normative_list(request: HttpRequest) -> HttpResponse:
    rows = _normatives(request).annotate(
        adopters=Count(
            "adoptions__asset",
            filter=Q(adoptions__organisation__city=request.city),
            distinct=True,
        )
    )
    return render(
        request,
        "classification/city/normative_list.html",
        {
            "in_force": [n for n in rows if n.retired_on is None],
            "retired": [n for n in rows if n.retired_on is not None],
            "can_edit": _can_edit(request),
        },
    )


@require_GET
@city_view(CityCapability.VIEW)
def normative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    normative = _normative(request, pk)
    return render(
        request,
        "classification/city/normative_detail.html",
        {
            "normative": normative,
            "below": _below(normative),
            "history": object_history(normative),
            "can_edit": _can_edit(request) and normative.retired_on is None,
        },
    )


@require_http_methods(["GET", "POST"])
@city_view(CityCapability.EDIT)
def normative_create(request: HttpRequest) -> HttpResponse:
    form = NormativeForm(request.POST or None, city=request.city)
    if request.method == "POST" and form.is_valid():
        try:
            normative = services.normative_create(
                normative=form.instance, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The normative classification was created."))
            return redirect(
                "normative:detail", city_code=request.city.code, pk=normative.pk
            )
    return render(
        request,
        "classification/city/normative_form.html",
        {"form": form, "normative": None},
    )


@require_http_methods(["GET", "POST"])
@city_view(CityCapability.EDIT)
def normative_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Before saving, "Preview" lists the classifications the new floor would
    leave below it; after, the detail page lists those below it now."""
    normative = _normative(request, pk)
    if normative.retired_on is not None:
        messages.error(
            request, _("A retired normative classification cannot be revised.")
        )
        return redirect("normative:detail", city_code=request.city.code, pk=pk)
    form = NormativeForm(request.POST or None, instance=normative)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = _below(
                normative, k=data["k"], r=data["r"], t=data["t"], s=data["s"]
            )
        else:
            try:
                services.normative_revise(
                    normative=form.instance,
                    by=request.user,
                    version=form.version,
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The normative classification was revised.")
                )
                return redirect("normative:detail", city_code=request.city.code, pk=pk)
    return render(
        request,
        "classification/city/normative_form.html",
        {"form": form, "normative": normative, "preview": preview},
    )


@require_http_methods(["GET", "POST"])
@city_view(CityCapability.EDIT)
def normative_retire(request: HttpRequest, pk: int) -> HttpResponse:
    normative = _normative(request, pk)
    form = NormativeRetireForm(request.POST or None, instance=normative)
    if request.method == "POST" and form.is_valid():
        try:
            services.normative_retire(
                normative=normative,
                by=request.user,
                version=form.version,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The normative classification was retired."))
            return redirect("normative:detail", city_code=request.city.code, pk=pk)
    return render(
        request,
        "classification/city/normative_retire.html",
        {"form": form, "normative": normative},
    )
