"""What the submission check finds before a review goes to the head.

``submission_problems(review)`` returns (blocking, warnings). Blocking problems
(an empty section the outline requires, no Dnr, no contact person) stop the
submission: the check page says why and links to the fix, and
``services.review_submit`` refuses them whatever page the request came from.
Warnings (other empty sections, text unchanged since last year's approved
review, ISO 27001 9.3.2 inputs nothing covers, no data date) are the
coordinator's to confirm.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from reviews.models import ManagementReview, ReviewStatus
from reviews.report.outline import OUTLINE
from reviews.report.selectors import missing_inputs

REQUIRED = frozenset(s.key for s in OUTLINE if s.required)


@dataclass(frozen=True)
class Problem:
    key: str  # stable: "empty:1.2.4", "unchanged:1.1", "iso:a", "dnr" …
    message: str
    fix_url: str = ""
    fix_label: str = ""


def previous_approved(review: ManagementReview) -> ManagementReview | None:
    """The last approved review before this one's year (the newest version of
    it, should an approved review have been replaced)."""
    return (
        ManagementReview.objects.filter(
            organisation_id=review.organisation_id,
            year__lt=review.year,
            status=ReviewStatus.APPROVED,
        )
        .order_by("-year", "-decided_on", "-pk")
        .first()
    )


def _section_label(section) -> str:
    return section.title if section.key == "intro" else f"{section.key} {section.title}"


def submission_problems(
    review: ManagementReview,
) -> tuple[list[Problem], list[Problem]]:
    code = review.organisation.code
    header_url = reverse("reviews:review_edit", args=[code, review.pk])
    header_label = _("Edit Dnr, data date and contact")
    blocking: list[Problem] = []
    warnings: list[Problem] = []

    if not review.dnr.strip():
        blocking.append(
            Problem("dnr", _("The review has no Dnr."), header_url, header_label)
        )
    if not review.contact_name.strip():
        blocking.append(
            Problem(
                "contact",
                _("The review names no contact person."),
                header_url,
                header_label,
            )
        )

    previous = previous_approved(review)
    before = dict(previous.sections.values_list("key", "text")) if previous else {}
    sections = list(review.sections.all())
    # A heading over subsections (1.2) may be left without text of its own.
    parents = {
        s.key for s in sections if any(o.key.startswith(f"{s.key}.") for o in sections)
    }
    for section in sections:
        label = _section_label(section)
        edit = reverse("reviews:section_edit", args=[code, review.pk, section.key])
        edit_label = _("Edit the text: %(section)s") % {"section": label}
        text = section.text.strip()
        if not text:
            if section.key in REQUIRED:
                message = _("%(section)s has no text; the report needs it.")
                blocking.append(
                    Problem(
                        f"empty:{section.key}",
                        message % {"section": label},
                        edit,
                        edit_label,
                    )
                )
            elif section.key not in parents:
                message = _("%(section)s has no text.")
                warnings.append(
                    Problem(
                        f"empty:{section.key}",
                        message % {"section": label},
                        edit,
                        edit_label,
                    )
                )
        elif text == (before.get(section.key) or "").strip():
            message = _(
                "%(section)s has the same text as the approved review of %(year)s."
            )
            warnings.append(
                Problem(
                    f"unchanged:{section.key}",
                    message % {"section": label, "year": previous.year},
                    edit,
                    edit_label,
                )
            )

    for letter, text in missing_inputs(review):
        message = _(
            "ISO 27001 9.3.2 (%(letter)s), %(input)s: no section's text or data "
            "block covers it."
        )
        warnings.append(
            Problem(f"iso:{letter}", message % {"letter": letter, "input": text})
        )

    if review.data_date is None:
        warnings.append(
            Problem(
                "data_date",
                _(
                    "No data date is set: the report's figures will describe the "
                    "registers as of the day of submission."
                ),
                header_url,
                header_label,
            )
        )
    return blocking, warnings
