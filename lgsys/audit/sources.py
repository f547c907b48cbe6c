"""What the change-history browser reads: every history table of an organisation's
data, plus the security events.

A :class:`Source` is one history table. Sources are found from the models, so a
new model with history (an :class:`~lgsys.models.OrganisationOwned` subclass, or
any model with an ``organisation`` field and ``history``) appears in the timeline
without anyone registering it.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse

from lgsys.history import tracked_fields

# Fields that name a record, in order of preference, for labels and free text
# (lgsys/audit/search.py).
NAME_FIELDS = ("name", "title", "course", "label", "reference", "key", "text")
# Where a record is named by what it points to (a classification by its asset).
NAMED_BY = ("asset", "review", "user", "area")
SECURITY = "security"


@dataclass(frozen=True)
class Source:
    key: str  # "classification.informationasset": stable, used in URLs
    index: int  # position in the timeline's tie-break order
    model: type[models.Model]
    history: type[models.Model]
    org_field: str  # the history column that holds the organisation's id

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def singular(self) -> str:
        return str(self.model._meta.verbose_name).capitalize()

    def for_organisation(self, organisation):
        return self.history._base_manager.filter(**{self.org_field: organisation.pk})

    @property
    def fields(self) -> list[models.Field]:
        """The fields the browser compares (not file contents such as a PDF)."""
        return [
            f
            for f in tracked_fields(self.model)
            if not isinstance(f, models.BinaryField)
        ]

    @property
    def heavy_fields(self) -> list[str]:
        """Columns never read by the browser: they may hold megabytes."""
        return [
            f.name
            for f in tracked_fields(self.model)
            if isinstance(f, models.BinaryField)
        ]

    @property
    def foreign_keys(self) -> list[models.ForeignKey]:
        return _foreign_keys(self.model)

    def instance_of(self, record, related: dict):
        """The record as it was in ``record`` (a history row), built without a
        query: ``related`` maps (model, pk) to the objects its foreign keys (and
        its organisation) point to."""
        loaded = record.__dict__
        instance = self.model(
            **{
                f.attname: loaded[f.attname]
                for f in self.model._meta.concrete_fields
                if f.attname in loaded
            }
        )
        for f in self.foreign_keys + [
            f
            for f in self.model._meta.concrete_fields
            if f.name == "organisation" and isinstance(f, models.ForeignKey)
        ]:
            value = getattr(record, f.attname)
            f.set_cached_value(instance, related.get((f.related_model, value)))
        return instance

    def label_of(self, instance) -> str:
        """The name of ``instance`` (from :meth:`instance_of`)."""
        try:
            return str(instance)
        except (AttributeError, TypeError, ValueError):
            return f"{self.singular} #{instance.pk}"

    def url_of(self, instance) -> str:
        """The live record's page ("" when it has none)."""
        url_name = DETAIL_URLS.get(self.model)
        try:
            if url_name:
                return reverse(url_name, args=[instance.organisation.code, instance.pk])
            if hasattr(instance, "get_absolute_url"):
                return instance.get_absolute_url()
        except (NoReverseMatch, AttributeError):
            return ""
        return ""


@cache
def _fields(model) -> list[models.Field]:
    return [f for f in tracked_fields(model) if not isinstance(f, models.BinaryField)]


@cache
def _heavy_fields(model) -> list[str]:
    return [f.name for f in tracked_fields(model) if isinstance(f, models.BinaryField)]


@cache
def _foreign_keys(model) -> list[models.ForeignKey]:
    return [f for f in _fields(model) if isinstance(f, models.ForeignKey)]


# model -> URL name of its detail page, filled by lgsys.crud for the register pages.
DETAIL_URLS: dict[type[models.Model], str] = {}


def register_detail_url(model, url_name: str) -> None:
    DETAIL_URLS[model] = url_name


@cache
def sources() -> tuple[Source, ...]:
    """Every history table holding an organisation's data, in a fixed order."""
    found = []
    for model in apps.get_models():
        manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager_name is None:
            continue
        history = getattr(model, manager_name).model
        history_fields = {f.name for f in history._meta.concrete_fields}
        if "organisation" in history_fields:
            org_field = "organisation_id"
        elif model._meta.label == "lgsys.Organisation":
            org_field = "id"
        else:
            continue  # city-wide data, e.g. the normative classifications
        found.append((model._meta.label_lower, model, history, org_field))
    return tuple(
        Source(key=key, index=i, model=model, history=history, org_field=org_field)
        for i, (key, model, history, org_field) in enumerate(sorted(found))
    )


def source_by_key(key: str) -> Source | None:
    return next((s for s in sources() if s.key == key), None)


def kind_choices() -> list[tuple[str, str]]:
    from django.utils.translation import gettext as _

    choices = sorted(((s.key, s.label) for s in sources()), key=lambda c: c[1])
    return [
        *choices,
        (SECURITY, _("Security events (logins, logouts, decision passwords)")),
    ]
