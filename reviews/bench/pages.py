"""What the bench measures besides the crawled pages: the history search and the
register as it was (query strings), the admin changelist as the peer, and the
approved-PDF download."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lgsys.seed import BENCH_DATE

ROLES = {  # bench label -> the role whose first member browses
    "coordinator": "samordnare",
    "head": "chef",
    "auditor": "revisor",
    "owner": "agare",
}
# A word of many seeded names, and one of none.
SEARCH_MATCH = "Personalakter"
SEARCH_NONE = "Zyxwvu-ingen-träff"


@dataclass(frozen=True)
class Extra:
    """A page the crawl reaches only with a query string the user types: the
    history search and the register as it was."""

    label: str
    name: str
    query: Callable = field(default=lambda org: "")

    def url(self, org) -> str:
        return reverse(self.name, kwargs={"org_code": org.code}) + (
            f"?{self.query(org)}" if self.query(org) else ""
        )


def _deep_cursor(org) -> str:
    """A cursor about 90% of the way into the organisation's history."""
    from lgsys.audit import timeline

    return timeline.cursor_at_fraction(org, 0.9)


def _as_of(day):
    return lambda org: f"day={day.isoformat()}&show=tillgangar"


EXTRAS = [
    Extra("history_search_match", "history_timeline", lambda o: f"q={SEARCH_MATCH}"),
    Extra("history_search_none", "history_timeline", lambda o: f"q={SEARCH_NONE}"),
    Extra("history_deep_page", "history_timeline", _deep_cursor),
    Extra("as_of_bench_date", "history_as_of", _as_of(BENCH_DATE)),
    Extra("as_of_two_years_back", "history_as_of", _as_of(date(2024, 6, 30))),
]


def latest_review(org):
    from reviews.models import ManagementReview

    return ManagementReview.objects.filter(organisation=org).order_by("-year").first()


def row_counts(org) -> dict:
    counts = {}
    for label in (
        "classification.InformationAsset",
        "classification.Risk",
        "reviews.Incident",
        "actions.Action",
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._base_manager.filter(organisation=org).count()
    history = 0
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and any(
            f.name == "organisation" for f in model._meta.fields
        ):
            history += model._base_manager.filter(organisation_id=org.pk).count()
    counts["history_rows"] = history
    return counts


def admin_peer(org):
    """(client, url) of the asset list through the Django admin's changelist, for
    the same rows (the organisation's assets) in the same order (name, then id)
    and page size as our list; restore() undoes the admin's settings."""
    from django.contrib import admin

    from lgsys.listing import PAGE_SIZE

    model = apps.get_model("classification", "InformationAsset")
    model_admin = admin.site._registry[model]
    saved = model_admin.list_per_page, model_admin.ordering
    model_admin.list_per_page, model_admin.ordering = PAGE_SIZE, ("name", "pk")

    def restore():
        model_admin.list_per_page, model_admin.ordering = saved

    user_model = get_user_model()
    admin_user = user_model.objects.filter(username="bench-admin").first()
    if admin_user is None:
        admin_user = user_model.objects.create_superuser(
            "bench-admin", "bench@example.se", "bench-admin-password-1"
        )
    client = Client()
    client.force_login(admin_user)
    url = (
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        + f"?organisation__id__exact={org.pk}"
    )
    return client, url, PAGE_SIZE, restore


def bench_archive(org):
    """An archived report of ``org`` to download: its own if it has one, else the
    PDF of its latest review stored on a spare review (year 1999)."""
    from reviews.archive import services
    from reviews.models import ArchivedReport, ManagementReview
    from reviews.report import pdf

    archive = ArchivedReport.objects.filter(review__organisation=org).first()
    if archive is not None:
        return archive
    review = latest_review(org)
    if review is None:
        return None
    # A stand-in approved review to hang the archived copy on (bench data only).
    spare, _ = ManagementReview.objects.get_or_create(
        organisation=org, year=1999, defaults={"status": "beslutad"}
    )
    decider = org.memberships.filter(role="chef").first() or org.memberships.first()
    return services.archive_store(
        review=spare,
        pdf=pdf.render_review_pdf(review),
        snapshot={"bench": "the latest review's PDF, archived for the download"},
        decided_by=decider.user,
        decided_on=BENCH_DATE,
    )


def download_url(org) -> str | None:
    """The approved PDF's stored bytes, served from the database."""
    archive = bench_archive(org)
    if archive is None:
        return None
    return reverse(
        "reviews:archived_pdf", kwargs={"org_code": org.code, "pk": archive.pk}
    ), len(archive.pdf)
