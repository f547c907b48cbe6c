"""Search-as-you-type pickers for a choice among a whole register (issue 18).

A ``<select>`` of an organisation's every information asset or risk grows with
the register: at 5,000 assets and 15,000 risks the action form took 330 ms to
write and weighed megabytes. A picker writes only the chosen records (one query)
and a search box; ``static/js/picker.js`` asks :func:`pick` (below) for the
first :data:`RESULTS` records whose name contains what was typed (one query,
the organisation's own rows only) and moves the ticked ones to the chosen list.
The form posts what it always posted, the chosen ids, and the field validates
them against the organisation's rows as before.

Apps declare what can be picked with the registry's ``pickers``: a module with
``SOURCES: list[PickerSource]``. A form field names its source by key:
``widgets = {"assets": MultiPicker("asset")}``.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lgsys import registry
from lgsys.models import Capability
from lgsys.permissions import organisation_view

RESULTS = 20  # records a search shows; typing more narrows them
QUERY_LENGTH = 100  # characters of a search that are read
CHOSEN = 500  # chosen records shown again after a refused form, at most


@dataclass(frozen=True)
class PickerSource:
    key: str  # in the search's address, e.g. "asset"
    model: type[Model]
    search_fields: tuple[str, ...] = ("name",)
    order_by: tuple[str, ...] = ("name", "pk")
    # An information owner choosing among the records they own (``?own=1``).
    owner_field: str = ""

    def queryset(self, organisation) -> QuerySet:
        return self.model._default_manager.filter(organisation=organisation)

    def search(self, queryset: QuerySet, term: str) -> QuerySet:
        condition = Q()
        for word in term.split()[:5]:
            word_matches = Q()
            for field in self.search_fields:
                word_matches |= Q(**{f"{field}__icontains": word})
            condition &= word_matches
        return queryset.filter(condition).order_by(*self.order_by)


def sources() -> dict[str, PickerSource]:
    return {
        source.key: source
        for extension in registry.extensions()
        for module in extension.pickers
        for source in module.SOURCES
    }


class Picker(forms.Widget):
    """One record of a register, chosen by searching (a radio group)."""

    template_name = "lgsys/widgets/picker.html"
    multiple = False

    def __init__(self, source: str, attrs=None):
        super().__init__(attrs)
        self.source = source
        self.search_url = ""
        self.choices = None  # the field sets its choices (and their queryset)
        self.empty_label = None  # a choice of none, for optional fields
        self.own_only = False  # offer the user's own records only

    def format_value(self, value) -> list[str]:
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v.pk if isinstance(v, Model) else v) for v in values]

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        # Nothing ticked posts nothing: that is an empty choice, not an omission.
        return False

    def chosen(self, values: list[str]) -> list[tuple[str, str]]:
        """(value, label) of the chosen records, in one query."""
        pks = [int(v) for v in values if v.isdigit() and len(v) < 19][:CHOSEN]
        if not pks or self.choices is None:
            return []
        field = self.choices.field
        rows = {
            str(obj.pk): field.label_from_instance(obj)
            for obj in self.choices.queryset.filter(pk__in=pks)
        }
        return [
            (str(pk), rows[str(pk)]) for pk in dict.fromkeys(pks) if str(pk) in rows
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            {
                "id": widget_id,
                "chosen": self.chosen(widget["value"]),
                "multiple": self.multiple,
                "input_type": "checkbox" if self.multiple else "radio",
                "search_url": self.search_url + ("?own=1" if self.own_only else ""),
                "empty_label": None if self.multiple else self.empty_label,
                "results": RESULTS,
            }
        )
        return context

    def id_for_label(self, id_):
        # The field's label names the search box.
        return f"{id_}_search" if id_ else id_

    def use_required_attribute(self, initial):
        return False  # the chosen list may be empty while the user searches


class MultiPicker(Picker):
    """Any number of records of a register, chosen by searching (checkboxes)."""

    multiple = True


NO_CHOICE = _("None")


def bind(form: forms.BaseForm, organisation, empty_label=NO_CHOICE) -> None:
    """Point the form's pickers at the organisation's search (in the form's
    ``__init__``, after its querysets are limited to the organisation); a
    single choice that may be left empty offers ``empty_label`` ("Ingen" in a
    form, "Alla" in a filter)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, Picker):
            widget.search_url = reverse(
                "pick", kwargs={"org_code": organisation.code, "source": widget.source}
            )
            if not widget.multiple and not field.required:
                widget.empty_label = empty_label


NAME_LENGTH = 50  # a form field's name, as the search is told it


@require_GET
@organisation_view(Capability.VIEW)
def pick(request: HttpRequest, source: str) -> HttpResponse:
    """The first records of ``source`` whose name holds every word typed, as
    ticks (``?multiple=1``) or radio buttons named ``?name=`` for the picker;
    the organisation's rows only, in one query (two with the count of more)."""
    picked = sources().get(source)
    if picked is None:
        raise Http404("No such register")
    term = request.GET.get("q", "")[:QUERY_LENGTH].strip()
    name = request.GET.get("name", "")[:NAME_LENGTH]
    if not name or not all(c.isalnum() or c in "_-" for c in name):
        return HttpResponseBadRequest("name")
    queryset = picked.queryset(request.organisation)
    if picked.owner_field and request.GET.get("own"):
        queryset = queryset.filter(**{picked.owner_field: request.user})
    found = list(picked.search(queryset, term)[: RESULTS + 1])
    return render(
        request,
        "lgsys/widgets/picker_results.html",
        {
            "name": name,
            "input_type": "checkbox" if request.GET.get("multiple") else "radio",
            "found": found[:RESULTS],
            "more": len(found) > RESULTS,
            "term": term,
        },
    )
