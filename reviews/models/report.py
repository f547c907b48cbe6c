"""The management review: its header, sections with narrative, and block choices."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lgsys.fields import BoundedTextField
from lgsys.models import OrganisationOwned
from reviews.models.approval import ApprovalFields

__all__ = ["ManagementReview", "ReviewSection", "dnr_pattern"]


def dnr_pattern(code: str) -> re.Pattern:
    """A Dnr of organisation ``code``: "KUL 2023/1946", "ABC 2024/0815"."""
    return re.compile(rf"^{re.escape(code)} (19|20)\d\d/\d{{1,12}}$")


class ShownInHistory(models.JSONField):
    """A JSONField that says how a history shows its value (``history_display``,
    read by lgsys.history.display_value). To the database and the migrations it
    is a JSONField: it deconstructs as one, so it needs no migration (SQLite
    would rebuild the tables for a new field class)."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs


class BlockKeysField(ShownInHistory):
    """The keys of report data blocks; a history names the blocks by title."""

    def history_display(self, value, names) -> str:
        from reviews.report.blocks import report_blocks

        titles = {block.key: str(block.title) for block in report_blocks()}
        return ", ".join(titles.get(key, str(key)) for key in value) or "–"


class SnapshotField(ShownInHistory):
    """The report's data taken at submission: pages of JSON, which a history
    says were taken rather than shows."""

    def history_display(self, value, names) -> str:
        return str(_("taken as of the data date"))


class ManagementReview(ApprovalFields, OrganisationOwned):
    year = models.PositiveSmallIntegerField(_("review year"))
    dnr = models.CharField(
        _("Dnr"),
        max_length=40,
        blank=True,
        help_text=_(
            "As the registrar wrote it: the organisation's code, the year, “/” and "
            "the number with its leading zeros, e.g. KUL 2023/1946 or ABC 2024/0815."
        ),
    )
    data_date = models.DateField(
        _("data as of"),
        null=True,
        blank=True,
        help_text=_(
            "The day the report's figures describe (registers, risks, actions, "
            "incidents). Empty: today, while the review is a draft."
        ),
    )
    blocks_snapshot = SnapshotField(
        _("data as submitted"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The data blocks as of the data date, taken at submission; what the "
            "head reads and approves."
        ),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_title = models.CharField(_("contact's title"), max_length=200, blank=True)
    disabled_blocks = BlockKeysField(
        _("data blocks left out"), default=list, blank=True
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        constraints = [
            # A new version replacing an approved review shares its year.
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=models.Q(replaces__isnull=True),
                name="one_review_per_year",
            )
        ]

    def __str__(self):
        return f"Ledningens genomgång {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:review_detail", args=[self.organisation.code, self.pk])

    @property
    def replaced_by(self):
        """The approved new version that replaces this review ("ersatt"), if any."""
        return next(
            (r for r in self.replacements.all() if r.status == "beslutad"), None
        )

    def clean(self):
        super().clean()
        if self.dnr and self.organisation_id:
            self.dnr = " ".join(self.dnr.split())
            if not dnr_pattern(self.organisation.code).match(self.dnr):
                raise ValidationError(
                    {
                        "dnr": _(
                            "Write the Dnr as the registrar wrote it: "
                            "%(code)s, the year, “/” and the number, e.g. "
                            "%(code)s %(year)s/0815."
                        )
                        % {"code": self.organisation.code, "year": self.year}
                    },
                    code="bad_dnr",
                )

    @property
    def contact(self) -> str:
        return ", ".join(p for p in (self.contact_name, self.contact_title) if p)


class ReviewSection(OrganisationOwned):
    review = models.ForeignKey(
        ManagementReview,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("review"),
    )
    key = models.CharField(_("section"), max_length=20)  # "intro", "1.1", "1.2.9"…
    title = models.CharField(_("title"), max_length=300)
    text = BoundedTextField(
        max_length=50000,
        verbose_name=_("text"),
        blank=True,
        help_text=_(
            "Paragraphs are separated by an empty line; a line starting with "
            "“- ” is a bullet; *text* is emphasised."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["review", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "key"], name="one_section_per_key"
            )
        ]

    def __str__(self):
        return f"{self.key} {self.title}" if self.key != "intro" else self.title
