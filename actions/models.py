"""The three-year action plan: areas (åtgärdsområden) and their actions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lgsys.fields import BoundedTextField
from lgsys.models import OrganisationOwned

MIN_YEAR, MAX_YEAR = 2000, 2100


# The follow-up notes keep the newest entries within this length; every entry
# stays in the action's history.
FOLLOW_UP_MAX_LENGTH = 100_000


class ActionStatus(models.TextChoices):
    NOT_STARTED = "ej_paborjad", _("Not started")
    IN_PROGRESS = "pagar", _("In progress")
    DONE = "genomford", _("Done")
    DELAYED = "forsenad", _("Delayed")
    CANCELLED = "struken", _("Cancelled")
    CONTINUOUS = "lopande", _("Continuous")


# Actions in these states are finished: they do not carry over to the next review.
FINISHED = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


class Priority(models.TextChoices):
    HIGH = "hog", _("High")
    MEDIUM = "medel", _("Medium")
    LOW = "lag", _("Low")


class ActionArea(OrganisationOwned):
    title = models.CharField(_("title"), max_length=200)
    intro = BoundedTextField(
        _("introduction"),
        blank=True,
        help_text=_("The paragraph printed under the area's heading in the report."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("action area")
        verbose_name_plural = _("action areas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:area_edit", args=[self.organisation.code, self.pk])


class ActionQuerySet(models.QuerySet):
    def for_plan(self):
        """Everything the plan page and the report print, in one query."""
        return self.select_related("area", "responsible_user").order_by(
            "area__order",
            "area_id",
            "start_year",
            # An open-ended period after the closed ones (as the plan groups them)
            # on both databases, so the plan's pages follow its groups.
            F("end_year").asc(nulls_last=True),
            "order",
            "pk",
        )

    def in_window(self, first: int, last: int):
        """Actions whose period overlaps the years first..last."""
        return self.filter(start_year__lte=last).filter(
            Q(end_year__isnull=True) | Q(end_year__gte=first)
        )

    def active_in(self, year: int):
        return self.in_window(year, year)

    def past_period(self, year: int):
        """Actions whose period ended before ``year`` and that are not finished
        (done or cancelled)."""
        return self.filter(end_year__lt=year).exclude(status__in=FINISHED)


class Action(OrganisationOwned):
    area = models.ForeignKey(
        ActionArea,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("area"),
    )
    text = BoundedTextField(_("action"))
    responsible_title = models.CharField(
        _("responsible (role)"),
        max_length=200,
        blank=True,
        help_text=_("A role title, e.g. informationssäkerhetssamordnare."),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible (person)"),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an open-ended action, printed “2026 –”."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActionStatus.choices,
        default=ActionStatus.NOT_STARTED,
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    risks = models.ManyToManyField(
        "classification.Risk",
        blank=True,
        related_name="actions",
        verbose_name=_("risks"),
    )
    assets = models.ManyToManyField(
        "classification.InformationAsset",
        blank=True,
        related_name="actions",
        verbose_name=_("information assets"),
    )
    follow_up = BoundedTextField(
        max_length=100000, verbose_name=_("follow-up notes"), blank=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "start_year", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return Truncator(self.text).chars(80)

    def get_absolute_url(self):
        return reverse("actions:action_detail", args=[self.organisation.code, self.pk])

    def clean(self):
        errors = {}
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
                errors[name] = _("Give a year between %(min)s and %(max)s.") % {
                    "min": MIN_YEAR,
                    "max": MAX_YEAR,
                }
        if (
            not errors
            and self.end_year is not None
            and self.start_year is not None
            and self.end_year < self.start_year
        ):
            errors["end_year"] = _("The end year cannot be before the start year.")
        if errors:
            raise ValidationError(errors)

    @property
    def period_label(self) -> str:
        return period_label(self.start_year, self.end_year)

    @property
    def responsible(self) -> str:
        parts = [self.responsible_title]
        if self.responsible_user_id:
            user = self.responsible_user
            parts.append(user.get_full_name() or user.username)
        return ", ".join(p for p in parts if p)


def period_label(start: int, end: int | None) -> str:
    """A period as the report prints it: "2024", "2025–2026", "2026 –". One dash
    for every range, the en dash the reference prints for an open end (its text
    copy has a hyphen in closed ranges)."""
    if end is None:
        return f"{start} –"
    if end == start:
        return str(start)
    return f"{start}–{end}"
