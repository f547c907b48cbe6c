"""Review inputs: incidents, findings, changes in the world and the city, training,
data-subject requests (sections 1.2.1–1.2.9 of the report)."""

import calendar
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lgsys.fields import BoundedTextField
from lgsys.models import OrganisationOwned

__all__ = [
    "AccessRequest",
    "ContextChange",
    "Finding",
    "Incident",
    "TrainingRecord",
    "add_months",
]

IMY_DEADLINE = timedelta(hours=72)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such
    day (31 January + 1 month = 28 or 29 February), as GDPR art. 12(3) is read."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class IncidentQuerySet(models.QuerySet):
    def by_year_and_type(self, years: list[int]) -> dict:
        """{year: {kind: count}} for ``years`` (local calendar years of discovery)."""
        rows = (
            self.filter(discovered_at__year__in=years)
            .values_list("discovered_at__year", "kind")
            .annotate(n=models.Count("pk"))
        )
        result = {y: dict.fromkeys(Incident.Kind.values, 0) for y in years}
        for year, kind, n in rows:
            result[year][kind] = n
        return result

    def by_quarter(self, year: int) -> dict:
        """{quarter: incidents discovered in that quarter of ``year``}."""
        rows = (
            self.filter(discovered_at__year=year)
            .values_list("discovered_at__quarter")
            .annotate(n=models.Count("pk"))
        )
        result = dict.fromkeys(range(1, 5), 0)
        for quarter, n in rows:
            result[quarter] = n
        return result

    def awaiting_imy_report(self):
        """Personal data breaches whose IMY assessment is still open: the
        72-hour clock runs (or has run out) and nobody has reported them."""
        return self.filter(
            kind=Incident.Kind.PERSONAL_DATA,
            imy_assessment=Incident.ImyAssessment.PENDING,
            reported_to_imy_at__isnull=True,
            discovered_at__isnull=False,
        )

    def imy_summary(self, year: int, until: datetime | None = None) -> dict:
        """Personal data breaches of ``year``: total, reported to IMY, reported
        within 72 hours (``until``: as things stood at that moment)."""
        breaches = list(
            self.filter(
                kind=Incident.Kind.PERSONAL_DATA, discovered_at__year=year
            ).only("discovered_at", "reported_to_imy_at", "imy_assessment", "kind")
        )
        reported = [
            b
            for b in breaches
            if b.reported_to_imy_at is not None
            and (until is None or b.reported_to_imy_at < until)
        ]
        return {
            "breaches": len(breaches),
            "reported": len(reported),
            "in_time": sum(1 for b in reported if b.imy_deadline_met),
        }


class Incident(OrganisationOwned):
    class Kind(models.TextChoices):
        SECURITY = "informationssakerhet", _("Information security incident")
        PERSONAL_DATA = "personuppgift", _("Personal data breach")
        IT = "it", _("IT incident / outage")
        POLICY = "styrdokument", _("Deviation from governing documents")

    class Severity(models.TextChoices):
        LOW = "lag", _("Low")
        MEDIUM = "medel", _("Medium")
        HIGH = "hog", _("High")
        CRITICAL = "allvarlig", _("Critical")

    class ImyAssessment(models.TextChoices):
        REPORTED = "anmald", _("Reported to IMY")
        NOT_REPORTED = "ej_anmald", _("Not reported – unlikely to result in a risk")
        PENDING = "under_bedomning", _("Under assessment")

    class Status(models.TextChoices):
        OPEN = "oppen", _("Open")
        INVESTIGATING = "utreds", _("Being investigated")
        RESOLVED = "atgardad", _("Resolved")
        CLOSED = "stangd", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("occurred"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    description = BoundedTextField(_("description"), blank=True)
    assets = models.ManyToManyField(
        "classification.InformationAsset",
        blank=True,
        related_name="incidents",
        verbose_name=_("affected information assets"),
    )
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.LOW
    )
    imy_assessment = models.CharField(
        _("IMY assessment"),
        max_length=20,
        choices=ImyAssessment.choices,
        blank=True,
        help_text=_("For a personal data breach: must it be reported to IMY?"),
    )
    reported_to_imy_at = models.DateTimeField(
        _("reported to IMY"), null=True, blank=True
    )
    late_reason = BoundedTextField(
        _("reason for late report"),
        blank=True,
        help_text=_(
            "Required when IMY was notified more than 72 hours after discovery."
        ),
    )
    consequences = BoundedTextField(_("consequences"), blank=True)
    measures = BoundedTextField(_("measures taken"), blank=True)
    correction = BoundedTextField(_("correction (ISO 10.2)"), blank=True)
    root_cause = BoundedTextField(_("root cause"), blank=True)
    corrective_action = BoundedTextField(_("corrective action"), blank=True)
    effectiveness_checked_on = models.DateField(
        _("effectiveness checked on"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["organisation", "discovered_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "reviews:incident_detail", args=[self.organisation.code, self.pk]
        )

    @property
    def is_personal_data_breach(self) -> bool:
        return self.kind == self.Kind.PERSONAL_DATA

    @property
    def imy_deadline(self) -> datetime | None:
        """72 hours after discovery, in absolute time (GDPR art. 33)."""
        if not self.is_personal_data_breach or self.discovered_at is None:
            return None
        # In UTC: adding hours to a local time would add wall-clock hours and be an
        # hour off across a daylight-saving change.
        return self.discovered_at.astimezone(UTC) + IMY_DEADLINE

    @property
    def imy_deadline_met(self) -> bool | None:
        if self.imy_deadline is None or self.reported_to_imy_at is None:
            return None
        return self.reported_to_imy_at <= self.imy_deadline

    def imy_state(self, now: datetime | None = None) -> tuple[str, str]:
        """(code, text) for the IMY badge: not_applicable (no personal data
        breach), not_reported (a breach assessed as not to be reported: the
        answer is no, not "not applicable"), met, missed, time_left."""
        now = now or timezone.now()
        deadline = self.imy_deadline
        if deadline is None:
            return "not_applicable", str(_("Not applicable"))
        if self.imy_assessment == self.ImyAssessment.NOT_REPORTED:
            return "not_reported", str(_("No, not to be reported"))
        if self.reported_to_imy_at is not None:
            if self.imy_deadline_met:
                return "met", str(_("Reported in time"))
            return "missed", str(_("Reported late"))
        if now > deadline:
            return "missed", str(_("Deadline passed"))
        hours = int((deadline - now).total_seconds() // 3600)
        return "time_left", str(_("%(hours)d h left") % {"hours": hours})

    def clean(self):
        errors = {}
        if self.is_personal_data_breach:
            if self.discovered_at is None:
                errors["discovered_at"] = _(
                    "A personal data breach needs the time it was discovered: the "
                    "72-hour deadline runs from it."
                )
            if not self.imy_assessment:
                errors["imy_assessment"] = _(
                    "Record whether the breach is reported to IMY."
                )
        elif self.imy_assessment or self.reported_to_imy_at:
            errors["imy_assessment"] = _(
                "Only a personal data breach is reported to IMY."
            )
        if (
            self.imy_assessment == self.ImyAssessment.REPORTED
            and self.reported_to_imy_at is None
        ):
            errors["reported_to_imy_at"] = _("Give when it was reported to IMY.")
        if (
            self.reported_to_imy_at is not None
            and self.imy_assessment != self.ImyAssessment.REPORTED
            and self.is_personal_data_breach
        ):
            errors["imy_assessment"] = _(
                "A breach with a report date has the assessment “reported”."
            )
        if (
            self.imy_deadline_met is False
            and not self.late_reason.strip()
            and "reported_to_imy_at" not in errors
        ):
            errors["late_reason"] = _(
                "IMY was notified more than 72 hours after discovery: give the reason "
                "for the delay (GDPR art. 33.1)."
            )
        if (
            self.occurred_at
            and self.discovered_at
            and self.discovered_at < self.occurred_at
        ):
            errors.setdefault(
                "discovered_at", _("It cannot be discovered before it occurred.")
            )
        if self.occurred_at and self.ended_at and self.ended_at < self.occurred_at:
            errors.setdefault("ended_at", _("It cannot end before it occurred."))
        if (
            self.discovered_at
            and self.reported_to_imy_at
            and self.reported_to_imy_at < self.discovered_at
        ):
            errors.setdefault(
                "reported_to_imy_at",
                _("It cannot be reported before it was discovered."),
            )
        if errors:
            raise ValidationError(errors)


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Finding.Status.RESOLVED)

    def open_by_source(self) -> dict:
        """{source: number of findings not resolved}."""
        rows = self.open().values_list("source").annotate(n=models.Count("pk"))
        result = dict.fromkeys(Finding.Source.values, 0)
        result.update(dict(rows))
        return result


class Finding(OrganisationOwned):
    class Source(models.TextChoices):
        AUDIT = "revision", _("Audit (revision)")
        GDPR = "gdpr", _("GDPR annual report / data protection officer")
        RSA = "rsa", _("Risk and vulnerability analysis (RSA)")
        VOR = "vor", _("Materiality and risk analysis (VoR)")
        IKP = "ikp", _("Internal control plan (IKP)")
        OWN = "egen", _("Own follow-up")
        SUPERVISION = "tillsyn", _("Supervision")

    class Status(models.TextChoices):
        OPEN = "oppen", _("Open")
        IN_PROGRESS = "pagar", _("In progress")
        RESOLVED = "atgardad", _("Resolved")
        REMAINS = "kvarstar", _("Remains")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("Report name or Dnr.")
    )
    text = BoundedTextField(_("finding"))
    recommendation = BoundedTextField(_("recommendation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    response = BoundedTextField(_("the organisation's response"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "source", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return Truncator(self.text).chars(80)

    def clean(self):
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValidationError({"year": _("Give a year between 1990 and 2100.")})


class ContextChange(OrganisationOwned):
    class Scope(models.TextChoices):
        EXTERNAL = "omvarld", _("External (omvärld)")
        CITY = "staden", _("Within the city")

    class IsoInput(models.TextChoices):
        B = "b", _("9.3.2 b – changes in external and internal issues")
        C = (
            "c",
            _("9.3.2 c – changes in the needs and expectations of interested parties"),
        )

    date = models.DateField(_("date"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    title = models.CharField(_("title"), max_length=200)
    text = BoundedTextField(_("text"), blank=True)
    iso_input = models.CharField(
        _("ISO 27001 input"), max_length=1, choices=IsoInput.choices, default=IsoInput.B
    )

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("change in the world or the city")
        verbose_name_plural = _("changes in the world and the city")

    def __str__(self):
        return self.title


class TrainingQuerySet(models.QuerySet):
    def completion(self, year: int) -> list[dict]:
        """Per course of ``year``: required, completed and the rate in per cent."""
        rows = (
            self.filter(year=year)
            .values("course")
            .annotate(
                required=models.Sum("required"), completed=models.Sum("completed")
            )
            .order_by("course")
        )
        return [
            {
                **row,
                "rate": round(100 * row["completed"] / row["required"], 1)
                if row["required"]
                else None,
            }
            for row in rows
        ]


class TrainingRecord(OrganisationOwned):
    year = models.PositiveSmallIntegerField(_("year"))
    course = models.CharField(
        _("course"),
        max_length=200,
        help_text=_("E.g. grundkurs informationssäkerhet, grundkurs dataskydd."),
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    required = models.PositiveIntegerField(_("number required"))
    completed = models.PositiveIntegerField(_("number completed"))

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "course"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self):
        return f"{self.course} {self.year}"

    @property
    def rate(self) -> float | None:
        """Share completed, 0–100, one decimal."""
        if not self.required:
            return None
        return round(100 * self.completed / self.required, 1)

    def clean(self):
        errors = {}
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = _("Give a year between 1990 and 2100.")
        if (
            self.required is not None
            and self.completed is not None
            and self.completed > self.required
        ):
            errors["completed"] = _("More cannot have completed than were required to.")
        if errors:
            raise ValidationError(errors)


class AccessRequestQuerySet(models.QuerySet):
    def timeliness(self, year: int) -> dict:
        """Requests received in ``year``: total, answered, answered in time, and
        open ones past their deadline today."""
        requests = list(self.filter(received_on__year=year))
        today = timezone.localdate()
        answered = [r for r in requests if r.answered_on is not None]
        return {
            "received": len(requests),
            "answered": len(answered),
            "in_time": sum(1 for r in answered if r.answered_in_time),
            "overdue": sum(
                1 for r in requests if r.answered_on is None and r.deadline < today
            ),
        }


class AccessRequest(OrganisationOwned):
    class Kind(models.TextChoices):
        ACCESS = "15", _("Right of access (art. 15, registerutdrag)")
        RECTIFICATION = "16", _("Rectification (art. 16)")
        ERASURE = "17", _("Erasure (art. 17)")
        RESTRICTION = "18", _("Restriction (art. 18)")
        PORTABILITY = "20", _("Data portability (art. 20)")
        OBJECTION = "21", _("Objection (art. 21)")

    received_on = models.DateField(_("received"))
    kind = models.CharField(
        _("type"), max_length=2, choices=Kind.choices, default=Kind.ACCESS
    )
    extended = models.BooleanField(
        _("deadline extended by two months"),
        default=False,
        help_text=_("GDPR art. 12.3: allowed for complex or numerous requests."),
    )
    extension_reason = BoundedTextField(_("reason for the extension"), blank=True)
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    note = BoundedTextField(_("note"), blank=True)

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")

    def __str__(self):
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d}"

    @property
    def deadline(self) -> date | None:
        if self.received_on is None:
            return None
        return add_months(self.received_on, 3 if self.extended else 1)

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_on is None:
            return None
        return self.answered_on <= self.deadline

    def clean(self):
        errors = {}
        if self.extended and not self.extension_reason.strip():
            errors["extension_reason"] = _(
                "An extended deadline needs a recorded reason (GDPR art. 12.3)."
            )
        if (
            self.received_on
            and self.answered_on
            and self.answered_on < self.received_on
        ):
            errors["answered_on"] = _("It cannot be answered before it was received.")
        if errors:
            raise ValidationError(errors)
