"""What the bench measures: the main pages of an organisation, the admin changelist
as the peer, and the approved-PDF download. URL names follow the apps' urls.py."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse


@dataclass(frozen=True)
class Page:
    label: str
    name: str
    kwargs: Callable = field(default=lambda org: {})
    query: str = ""

    def url(self, org) -> str:
        url = reverse(self.name, kwargs={"org_code": org.code, **self.kwargs(org)})
        return url + (
            f"?{self.query(org) if callable(self.query) else self.query}"
            if self.query
            else ""
        )


def latest_review(org):
    from reviews.models import ManagementReview

    return ManagementReview.objects.filter(organisation=org).order_by("-year").first()


def _review(org) -> dict:
    review = latest_review(org)
    if review is None:
        raise LookupError("no review")
    return {"pk": review.pk}


def _deep_cursor(org) -> str:
    """A cursor about 90% of the way into the organisation's history."""
    from lgsys.audit import timeline

    return timeline.cursor_at_fraction(org, 0.9)


PAGES = [
    Page("dashboard", "dashboard"),
    Page("asset_list", "classification:asset_list"),
    Page("risk_list", "classification:risk_list"),
    Page("incident_list", "reviews:incident_list"),
    Page("action_plan", "actions:plan"),
    Page("history_first_page", "history_timeline"),
    Page("history_deep_page", "history_timeline", query=_deep_cursor),
    Page("report_preview", "reviews:review_preview", kwargs=_review),
]


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


def measure_admin(org, n: int, time_requests, count_queries) -> dict:
    """The asset list through the Django admin's changelist, for the same rows."""
    try:
        model = apps.get_model("classification", "InformationAsset")
    except LookupError as missing:
        return {"missing": str(missing)}
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
    return {
        "url": url,
        "queries": count_queries(client, url),
        **time_requests(client, url, n),
    }


def bench_archive(org):
    """An archived report of ``org`` to download: its own if it has one, else the
    PDF of its latest review stored on a spare review (year 1999)."""
    from datetime import date

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
        decided_on=date.today(),
    )


def measure_download(client: Client, org, n: int, time_requests) -> dict:
    """The approved PDF's stored bytes, served from the database."""
    archive = bench_archive(org)
    if archive is None:
        return {"missing": "no review"}
    url = reverse(
        "reviews:archived_pdf", kwargs={"org_code": org.code, "pk": archive.pk}
    )
    result = time_requests(client, url, max(n, 100))
    result["bytes"] = len(archive.pdf)
    return {"url": url, **result}
