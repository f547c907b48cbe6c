"""List, detail, create, edit and delete pages for an organisation's records,
declared once per model.

A register page is the same everywhere: a list with search, filters, sortable
columns, pagination and CSV/XLSX export of what is shown; a detail page with the
record's history; forms limited to the organisation; a delete that asks first and
explains when other records still point to it. ``Crud`` builds those views and their
URLs from a declaration, so each app writes only what differs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.db.models import ProtectedError, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lgsys import pickers
from lgsys.audit.sources import register_detail_url
from lgsys.display import person, title_of
from lgsys.exports import FORMATS, export_response
from lgsys.forms import add_errors, label_empty_choices
from lgsys.history import display_value, object_history
from lgsys.listing import SortColumn, paginate, querystring_without, sort_queryset
from lgsys.models import Capability
from lgsys.permissions import get_object_for_org, organisation_view


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable  # obj -> value shown (and exported)
    ordering: tuple[str, ...] = ()  # empty: not sortable
    link: bool = False  # the column links to the detail page
    badge: Callable | None = None  # obj -> badge style ("ok", "warn", "danger"...)


class FilterForm(forms.Form):
    """Base of a list's filters: ``apply(queryset)`` narrows by the valid values."""

    lookups: dict[str, str] = {}  # field name -> queryset lookup

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for f in self.fields.values():
            f.required = False
            queryset = getattr(f, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "organisation_id"):
                f.queryset = queryset.filter(organisation=organisation)
        label_empty_choices(self, _("All"))  # a filter left empty shows all
        pickers.bind(self, organisation, empty_label=_("All"))

    def apply(self, queryset: QuerySet) -> QuerySet:
        if not self.is_valid():
            return queryset
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], False) or name not in self.lookups:
                continue
            lookup = self.lookups[name]
            queryset = (
                lookup(queryset, value)
                if callable(lookup)
                else queryset.filter(**{lookup: value})
            )
        return queryset


def _field_display(obj, f) -> str:
    if isinstance(f, models.ForeignKey):
        related = getattr(obj, f.name)
        if related is None:
            return "–"
        if isinstance(related, get_user_model()):
            # A person by full name and their title in the organisation.
            return person(related, title_of(related, obj.organisation_id))
        return str(related)
    return display_value(f, getattr(obj, f.attname), {})


@dataclass
class Crud:
    model: type[models.Model]
    form_class: type[forms.ModelForm]
    namespace: str  # the URL namespace, e.g. "reviews"
    name: str  # URL-name prefix, e.g. "incident" -> "incident_list"
    segment: str  # URL segment, e.g. "incidenter"
    columns: list[Column]
    title_plural: str
    search_fields: tuple[str, ...] = ()
    filter_form: type[FilterForm] | None = None
    default_sort: str = ""
    list_select: tuple[str, ...] = ()
    detail_select: tuple[str, ...] = ()
    detail_prefetch: tuple[str, ...] = ()
    # The app's services, the only writers: create(<entity>=obj, by=, m2m=, **extra),
    # update(<entity>=obj, by=, version=, m2m=, **extra), delete(<entity>=obj, by=),
    # where ``entity`` names the keyword (e.g. "asset") and ``extra`` is what the
    # form's ``service_kwargs()`` returns (e.g. a reason the user gave).
    entity: str = ""
    create: Callable | None = None
    update: Callable | None = None
    delete: Callable | None = None
    edit_capability: str | tuple = Capability.EDIT
    # (request, obj or None for a new one) -> may this member change it?
    can_edit_object: Callable | None = None
    form_kwargs: Callable | None = None  # request -> extra form arguments
    base_queryset: Callable | None = None  # manager -> queryset for the list
    # obj -> messages why it cannot be deleted (empty: it can); the delete
    # service refuses with the same messages
    delete_blockers: Callable | None = None
    list_template: str = "crud/list.html"
    detail_template: str = "crud/detail.html"
    form_template: str = "crud/form.html"
    help_text: str = ""
    extra_list_context: Callable | None = None  # (request, page) -> dict
    export_name: str = ""
    sort_columns: list[SortColumn] = field(init=False)

    def __post_init__(self):
        if not (self.entity and self.create and self.update and self.delete):
            raise ImproperlyConfigured(
                f"Crud for {self.model.__name__} needs entity, create, update and "
                "delete: every write goes through the app's services."
            )
        self.sort_columns = [
            SortColumn(c.key, c.label, c.ordering) for c in self.columns if c.ordering
        ]
        if not self.default_sort and self.sort_columns:
            self.default_sort = self.sort_columns[0].key
        register_detail_url(self.model, self.url_name("detail"))

    # URLs ------------------------------------------------------------------

    def url_name(self, action: str) -> str:
        return f"{self.namespace}:{self.name}_{action}"

    def urls(self) -> list:
        s = self.segment
        return [
            path(f"{s}/", self.list_view(), name=f"{self.name}_list"),
            path(f"{s}/ny/", self.edit_view(), name=f"{self.name}_create"),
            path(f"{s}/<int:pk>/", self.detail_view(), name=f"{self.name}_detail"),
            path(f"{s}/<int:pk>/andra/", self.edit_view(), name=f"{self.name}_edit"),
            path(
                f"{s}/<int:pk>/radera/", self.delete_view(), name=f"{self.name}_delete"
            ),
        ]

    def _urls_context(self, request) -> dict:
        code = request.organisation.code
        return {
            "list_url": reverse(self.url_name("list"), args=[code]),
            "create_url": reverse(self.url_name("create"), args=[code]),
            "detail_name": self.url_name("detail"),
            "edit_name": self.url_name("edit"),
            "delete_name": self.url_name("delete"),
        }

    def _can_edit(self, request, obj=None) -> bool:
        wanted = (
            (self.edit_capability,)
            if isinstance(self.edit_capability, str)
            else self.edit_capability
        )
        if not any(request.membership.can(c) for c in wanted):
            return False
        if self.can_edit_object is not None:
            return self.can_edit_object(request, obj)
        return True

    def _check_edit(self, request, obj) -> None:
        if not self._can_edit(request, obj):
            raise PermissionDenied

    def _can_delete(self, request, obj) -> bool:
        return request.membership.can(Capability.EDIT) and self._can_edit(request, obj)

    # Reads -----------------------------------------------------------------

    def queryset(self, request) -> QuerySet:
        queryset = self.model._default_manager.filter(
            organisation=request.organisation
        ).select_related(*self.list_select)
        if self.base_queryset is not None:
            queryset = self.base_queryset(queryset)
        return queryset

    def filtered(self, request) -> tuple[QuerySet, FilterForm | None, str]:
        """The list's rows as searched and filtered, the filter form (with the
        search box as its field ``q``: errors show beside it) and the search."""
        from lgsys.listing import with_search

        queryset = self.queryset(request)
        filters = None
        form_class = self.filter_form
        if self.search_fields:
            form_class = with_search(form_class or FilterForm)
        if form_class is not None:
            filters = form_class(request.GET, organisation=request.organisation)
            queryset = filters.apply(queryset)
        term = filters.cleaned_data.get("q", "") if self.search_fields else ""
        if term:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": term})
            queryset = queryset.filter(condition)
        return queryset, filters, term

    # Writes ----------------------------------------------------------------

    def _write(self, request, form, obj):
        """Hand the validated form to the app's create or update service."""
        instance = form.instance
        m2m = {
            f.name: form.cleaned_data[f.name]
            for f in self.model._meta.many_to_many
            if f.name in form.cleaned_data
        }
        extra = form.service_kwargs() if hasattr(form, "service_kwargs") else {}
        if obj is None:
            return self.create(
                **{self.entity: instance}, by=request.user, m2m=m2m, **extra
            )
        return self.update(
            **{self.entity: instance},
            by=request.user,
            version=form.version,
            m2m=m2m,
            **extra,
        )

    # Views -----------------------------------------------------------------

    def list_view(self):
        @require_GET
        @organisation_view(Capability.VIEW)
        def view(request: HttpRequest) -> HttpResponse:
            queryset, filters, term = self.filtered(request)
            queryset, sort = sort_queryset(
                request, queryset, self.sort_columns, self.default_sort
            )
            fmt = request.GET.get("format")
            if fmt in FORMATS:
                return export_response(
                    fmt=fmt,
                    filename=f"{self.export_name or self.segment}-"
                    f"{request.organisation.code}",
                    headers=[c.label for c in self.columns],
                    rows=([c.value(obj) for c in self.columns] for obj in queryset),
                )
            page = paginate(request, queryset)
            rows = [
                (
                    obj,
                    [
                        (c, c.value(obj), c.badge(obj) if c.badge else "")
                        for c in self.columns
                    ],
                )
                for obj in page.object_list
            ]
            context = {
                "crud": self,
                "page": page,
                "page_obj": page,
                "rows": rows,
                "filters": filters,
                "term": term,
                "sort": sort,
                "headers": [
                    (c, next((s for s in self.sort_columns if s.key == c.key), None))
                    for c in self.columns
                ],
                "sort_query": querystring_without(request, "sort", "page"),
                "page_query": querystring_without(request, "page"),
                "export_query": querystring_without(request, "format", "page"),
                "filtered": bool(term)
                or any(request.GET.get(k) for k in (filters.fields if filters else ())),
                "can_edit": self._can_edit(request),
                **self._urls_context(request),
            }
            if self.extra_list_context:
                context.update(self.extra_list_context(request, page))
            return render(request, self.list_template, context)

        return view

    def detail_view(self):
        @require_GET
        @organisation_view(Capability.VIEW)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            queryset = self.model._default_manager.select_related(
                *self.detail_select
            ).prefetch_related(*self.detail_prefetch)
            obj = get_object_for_org(queryset, request, pk=pk)
            details = []
            for f in self.model._meta.get_fields():
                if f.name in {"id", "organisation"} or (
                    f.auto_created and not f.concrete
                ):
                    continue
                if f.many_to_many:
                    items = [str(o) for o in getattr(obj, f.name).all()]
                    details.append((f.verbose_name, "; ".join(items) or "–"))
                elif f.concrete:
                    details.append((f.verbose_name, _field_display(obj, f)))
            return render(
                request,
                self.detail_template,
                {
                    "crud": self,
                    "object": obj,
                    "details": details,
                    "history": object_history(obj),
                    "can_edit": self._can_edit(request, obj),
                    "can_delete": self._can_delete(request, obj),
                    **self._urls_context(request),
                },
            )

        return view

    def edit_view(self):
        @require_http_methods(["GET", "POST"])
        @organisation_view(self.edit_capability)
        def view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
            obj = get_object_for_org(self.model, request, pk=pk) if pk else None
            self._check_edit(request, obj)
            initial = {}
            if obj is None and request.method == "GET":
                # e.g. ?asset=12 from an asset's page preselects it
                initial = {
                    k: v
                    for k, v in request.GET.items()
                    if k in self.form_class.base_fields
                }
            form = self.form_class(
                request.POST if request.method == "POST" else None,
                instance=obj,
                initial=initial,
                organisation=request.organisation,
                **(self.form_kwargs(request) if self.form_kwargs else {}),
            )
            if request.method == "POST" and form.is_valid():
                try:
                    saved = self._write(request, form, obj)
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(request, _("Saved."))
                    return redirect(
                        reverse(
                            self.url_name("detail"),
                            args=[request.organisation.code, saved.pk],
                        )
                    )
            return render(
                request,
                self.form_template,
                {
                    "crud": self,
                    "form": form,
                    "object": obj,
                    "verbose_name": self.model._meta.verbose_name,
                    **self._urls_context(request),
                },
            )

        return view

    def delete_view(self):
        @require_http_methods(["GET", "POST"])
        @organisation_view(Capability.EDIT)
        def view(request: HttpRequest, pk: int) -> HttpResponse:
            obj = get_object_for_org(self.model, request, pk=pk)
            if not self._can_delete(request, obj):
                raise PermissionDenied
            error = None
            blockers = self.delete_blockers(obj) if self.delete_blockers else []
            if blockers:
                error = " ".join(blockers)
            elif request.method == "POST":
                try:
                    self.delete(**{self.entity: obj}, by=request.user)
                except ProtectedError as protected:
                    names = sorted({str(o) for o in protected.protected_objects})[:5]
                    error = _(
                        "It cannot be deleted while other records point to it: "
                        "%(names)s."
                    ) % {"names": "; ".join(names)}
                except ValidationError as refused:
                    error = " ".join(refused.messages)
                else:
                    messages.success(request, _("Deleted."))
                    return redirect(
                        reverse(self.url_name("list"), args=[request.organisation.code])
                    )
            return render(
                request,
                "crud/confirm_delete.html",
                {
                    "crud": self,
                    "object": obj,
                    "error": error,
                    **self._urls_context(request),
                },
                status=400 if error and request.method == "POST" else 200,
            )

        return view
