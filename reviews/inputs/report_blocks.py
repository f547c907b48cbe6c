"""The review inputs' data blocks for the report (the outline places them in
sections 1.2.3–1.2.9)."""

import math
from datetime import timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys.audit.asof import end_of_day
from reviews.models import Finding, Incident, TrainingRecord
from reviews.report.blocks import ReportBlock

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
    """The incidents discovered up to the end of ``as_of``, by year and type."""
    years = [year - 2, year - 1, year]
    until = end_of_day(as_of)
    queryset = Incident.objects.filter(
        organisation=organisation, discovered_at__lt=until
    )
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
        "imy": queryset.imy_summary(year, until=until),
        "chart_title": _("Incidents per year, %(first)s–%(last)s")
        % {"first": years[0], "last": years[-1]},
    }


STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _local(moment) -> str:
    """``moment`` in Swedish local time as the report prints it."""
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def _hours(elapsed: timedelta) -> float:
    """Hours to one decimal, rounded up: a report a minute late shows 72.1, never
    72.0, so the figure agrees with the verdict."""
    return math.ceil(elapsed.total_seconds() / 360) / 10


def _breach_verdict(breach: Incident, reported, until) -> tuple[str, str]:
    """(code, text) of the 72-hour deadline as it stood at ``until``."""
    if reported is not None:
        if reported <= breach.imy_deadline:
            return "in_time", _("Within 72 hours")
        return "late", _("Later than 72 hours")
    if breach.imy_assessment == Incident.ImyAssessment.NOT_REPORTED:
        return "not_required", str(Incident.ImyAssessment.NOT_REPORTED.label)
    if breach.imy_deadline < until:
        return "overdue", _("Not reported; the 72 hours have passed")
    return "pending", _("Not yet reported; within the 72 hours")


def breaches(*, organisation, year, as_of) -> dict:
    """Each personal data breach discovered in ``year`` up to the end of ``as_of``
    (ISO 27001 10.2, GDPR art. 33.1): discovered and reported to IMY in Swedish
    local time, the real hours between (across a change to or from summer time
    a calendar day has 23 or 25), whether within 72 hours, and the stated reason
    when late. A report made after the data date was not made yet then. One
    query."""
    until = end_of_day(as_of)
    rows = Incident.objects.filter(
        organisation=organisation,
        kind=Incident.Kind.PERSONAL_DATA,
        discovered_at__year=year,
        discovered_at__lt=until,
    ).order_by("discovered_at", "pk")
    result = []
    for breach in rows:
        reported = breach.reported_to_imy_at
        if reported is not None and reported >= until:
            reported = None
        verdict, label = _breach_verdict(breach, reported, until)
        result.append(
            {
                "title": breach.title,
                "discovered": _local(breach.discovered_at),
                "reported": _local(reported) if reported else "",
                "hours": _hours(reported - breach.discovered_at) if reported else None,
                "verdict": verdict,
                "verdict_label": str(label),
                "late_reason": breach.late_reason
                if verdict in ("late", "overdue")
                else "",
            }
        )
    return {"year": year, "as_of": as_of.isoformat(), "breaches": result}


BLOCKS = [
    ReportBlock(
        "training",
        gettext_lazy("Training completion per course"),
        "reviews/inputs/_block_training.html",
        training,
    ),
    ReportBlock(
        "findings_gdpr",
        gettext_lazy("Findings of the GDPR annual report and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.GDPR]),
    ),
    ReportBlock(
        "findings_rsa",
        gettext_lazy("Findings of the RSA and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.RSA]),
    ),
    ReportBlock(
        "findings_vor_ikp",
        gettext_lazy("Findings of the VoR and IKP and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.VOR, Finding.Source.IKP]),
    ),
    ReportBlock(
        "findings_audit",
        gettext_lazy("Audit and supervision findings and their status"),
        "reviews/inputs/_block_findings.html",
        partial(findings, sources=[Finding.Source.AUDIT, Finding.Source.SUPERVISION]),
    ),
    ReportBlock(
        "incidents",
        gettext_lazy("Incidents by type for three years, and IMY notifications"),
        "reviews/inputs/_block_incidents.html",
        incidents,
    ),
    ReportBlock(
        "breaches_imy",
        gettext_lazy("Personal data breaches and the 72-hour IMY deadline"),
        "reviews/inputs/_block_breaches.html",
        breaches,
    ),
]
