from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lgsys.crud import FilterForm
from lgsys.forms import OrgModelForm
from lgsys.pickers import MultiPicker
from reviews.models import (
    AccessRequest,
    ContextChange,
    Finding,
    Incident,
    TrainingRecord,
)

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The years a date or time of these records may have: 72 hours after a
# discovery, three months after a request and a moment in UTC must stay inside
# the calendar (9999-12-31 + 72 hours is not a date).
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _in_the_years(value) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Give a date between 1900 and 2100."), code="date_range"
        )


class DatesInTheYears:
    """Every date and time field of the form between FIRST_YEAR and LAST_YEAR,
    else a field error (rather than an overflow in the model's rules)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(_in_the_years)


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def working_review(organisation):
    """The review being worked on: the organisation's latest draft (or None)."""
    from reviews.models import ManagementReview, ReviewStatus

    return (
        ManagementReview.objects.filter(
            organisation=organisation, status=ReviewStatus.DRAFT
        )
        .order_by("-year")
        .only("year", "data_date")
        .first()
    )


def working_day(review) -> date:
    """A new record's date in the review being worked on: today while that lies
    in the review's year up to its data date, else the nearest such day (a
    record dated after the data date would be left out of the report)."""
    today = timezone.localdate()
    if review is None:
        return today
    last = review.data_date or date(review.year, 12, 31)
    return min(max(today, date(review.year, 1, 1)), last)


class WorkingYearForm(OrgModelForm):
    """A new record's year (``year_field``) or date (``date_field``) defaults to
    the review being worked on, not the calendar's: in January the coordinator
    still enters last year's findings."""

    year_field = ""
    date_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None or self.is_bound:
            return
        review = working_review(self.organisation)
        if self.year_field:
            self.initial.setdefault(
                self.year_field, review.year if review else timezone.localdate().year
            )
        if self.date_field:
            self.initial.setdefault(self.date_field, working_day(review))


class IncidentForm(DatesInTheYears, OrgModelForm):
    class Meta:
        model = Incident
        fields = [
            "title",
            "kind",
            "severity",
            "status",
            "occurred_at",
            "discovered_at",
            "ended_at",
            "description",
            "assets",
            "imy_assessment",
            "reported_to_imy_at",
            "late_reason",
            "consequences",
            "measures",
            "correction",
            "root_cause",
            "corrective_action",
            "effectiveness_checked_on",
        ]
        widgets = {
            "occurred_at": DATETIME,
            "discovered_at": DATETIME,
            "ended_at": DATETIME,
            "reported_to_imy_at": DATETIME,
            "effectiveness_checked_on": DATE,
            "assets": MultiPicker("asset"),
            **{
                name: _text()
                for name in (
                    "description",
                    "late_reason",
                    "consequences",
                    "measures",
                    "correction",
                    "root_cause",
                    "corrective_action",
                )
            },
        }


class FindingForm(WorkingYearForm):
    year_field = "year"

    class Meta:
        model = Finding
        fields = [
            "source",
            "year",
            "reference",
            "text",
            "recommendation",
            "status",
            "response",
        ]
        widgets = {"text": _text(4), "recommendation": _text(), "response": _text()}


class ContextChangeForm(WorkingYearForm):
    date_field = "date"

    class Meta:
        model = ContextChange
        fields = ["date", "scope", "iso_input", "title", "text"]
        widgets = {"date": DATE, "text": _text(5)}


class TrainingRecordForm(WorkingYearForm):
    year_field = "year"

    class Meta:
        model = TrainingRecord
        fields = ["year", "course", "target_group", "required", "completed"]


class AccessRequestForm(DatesInTheYears, OrgModelForm):
    class Meta:
        model = AccessRequest
        fields = [
            "received_on",
            "kind",
            "extended",
            "extension_reason",
            "answered_on",
            "note",
        ]
        widgets = {
            "received_on": DATE,
            "answered_on": DATE,
            "extension_reason": _text(2),
            "note": _text(2),
        }


class IncidentFilters(FilterForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All"))] + list(Incident.Kind.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Incident.Status.choices)
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    overdue = forms.BooleanField(label=_("Only IMY deadline passed without report"))
    unreported = forms.BooleanField(
        label=_("Only personal data breaches awaiting the IMY report")
    )
    lookups = {
        "kind": "kind",
        "status": "status",
        "year": "discovered_at__year",
        "unreported": lambda qs, _v: qs.awaiting_imy_report(),
        "overdue": lambda qs, _v: qs.filter(
            kind=Incident.Kind.PERSONAL_DATA,
            imy_assessment=Incident.ImyAssessment.PENDING,
            reported_to_imy_at__isnull=True,
            discovered_at__lt=_now_minus_72h(),
        ),
    }


def _now_minus_72h():
    from django.utils import timezone

    from reviews.models.inputs import IMY_DEADLINE

    return timezone.now() - IMY_DEADLINE


class FindingFilters(FilterForm):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All"))] + list(Finding.Source.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All"))] + list(Finding.Status.choices)
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    lookups = {"source": "source", "status": "status", "year": "year"}


class ContextChangeFilters(FilterForm):
    scope = forms.ChoiceField(
        label=_("Scope"), choices=[("", _("All"))] + list(ContextChange.Scope.choices)
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    lookups = {"scope": "scope", "year": "date__year"}


class TrainingFilters(FilterForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    lookups = {"year": "year"}


class AccessRequestFilters(FilterForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All"))] + list(AccessRequest.Kind.choices)
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    unanswered = forms.BooleanField(label=_("Only unanswered"))
    lookups = {
        "kind": "kind",
        "year": "received_on__year",
        "unanswered": lambda qs, _v: qs.filter(answered_on__isnull=True),
    }
