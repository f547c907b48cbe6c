"""The review inputs' data blocks for the report (sections 1.2.3–1.2.9)."""

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys.registry import ReportBlock
from reviews.models import Finding, Incident, TrainingRecord

CHART_HEIGHT = 120  # px of the tallest bar in the incidents chart


def training(*, organisation, year, as_of) -> dict:
    courses = TrainingRecord.objects.filter(organisation=organisation).completion(year)
    return {"year": year, "courses": courses}


def findings(*, organisation, year, as_of, sources) -> dict:
    rows = Finding.objects.filter(
        organisation=organisation, source__in=sources, year__lte=year
    ).order_by("-year", "pk")
    return {
        "year": year,
        "findings": [
            {
                "year": f.year,
                "source": str(f.get_source_display()),
                "reference": f.reference,
                "text": f.text,
                "recommendation": f.recommendation,
                "status": f.status,
                "status_label": str(f.get_status_display()),
                "response": f.response,
            }
            for f in rows
            # Resolved findings of earlier years are history, not input.
            if f.status != Finding.Status.RESOLVED or f.year == year
        ],
    }


def incidents(*, organisation, year, as_of) -> dict:
    years = [year - 2, year - 1, year]
    queryset = Incident.objects.filter(organisation=organisation)
    counts = queryset.by_year_and_type(years)
    totals = {y: sum(counts[y].values()) for y in years}
    tallest = max(totals.values()) or 1
    kinds = [{"key": k, "label": str(label)} for k, label in Incident.Kind.choices]
    return {
        "year": year,
        "years": [
            {
                "year": y,
                "total": totals[y],
                "bar": round(CHART_HEIGHT * totals[y] / tallest),
                "y": 10 + CHART_HEIGHT - round(CHART_HEIGHT * totals[y] / tallest),
                "x": 60 + i * 110,
            }
            for i, y in enumerate(years)
        ],
        "rows": [
            {"label": k["label"], "counts": [counts[y][k["key"]] for y in years]}
            for k in kinds
        ],
        "quarters": [
            {"quarter": q, "count": n} for q, n in queryset.by_quarter(year).items()
        ],
        "imy": queryset.imy_summary(year),
        "chart_title": _("Incidents per year, %(first)s–%(last)s")
        % {"first": years[0], "last": years[-1]},
    }


BLOCKS = [
    ReportBlock(
        "training",
        "1.2.3",
        gettext_lazy("Training completion per course"),
        "reviews/inputs/_block_training.html",
        training,
    ),
    ReportBlock(
        "findings_gdpr",
        "1.2.5",
        gettext_lazy("Findings of the GDPR annual report and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.GDPR]),
    ),
    ReportBlock(
        "findings_rsa",
        "1.2.6",
        gettext_lazy("Findings of the RSA and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.RSA]),
    ),
    ReportBlock(
        "findings_vor_ikp",
        "1.2.7",
        gettext_lazy("Findings of the VoR and IKP and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.VOR, Finding.Source.IKP]),
    ),
    ReportBlock(
        "findings_audit",
        "1.2.8",
        gettext_lazy("Audit and supervision findings and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.AUDIT, Finding.Source.SUPERVISION]),
    ),
    ReportBlock(
        "incidents",
        "1.2.9",
        gettext_lazy("Incidents by type for three years, and IMY notifications"),
        "reviews/inputs/_block_incidents.html",
        incidents,
    ),
]
