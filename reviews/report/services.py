"""Writes to a review's header, sections and block choices. Every one refuses an
approved review (``review.assert_editable()``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys import services as core
from lgsys.models import Capability
from reviews.models import ManagementReview, ReviewSection
from reviews.report.outline import OUTLINE, section_title

reasons.define(
    review_created=gettext_lazy("created from the outline"),
    review_copied=gettext_lazy("copied from the review of the year"),
    header_changed=gettext_lazy("header changed"),
    text_changed=gettext_lazy("text changed"),
    blocks_chosen=gettext_lazy("data blocks chosen"),
)


@transaction.atomic
def review_create(
    *, organisation, year: int, by, copy_from: ManagementReview | None = None, **header
) -> ManagementReview:
    """A new draft review with the outline's sections: empty, or with the text of
    ``copy_from`` (e.g. last year's review)."""
    if ManagementReview.objects.filter(
        organisation=organisation, year=year, replaces__isnull=True
    ).exists() and not header.get("replaces"):
        raise ValidationError(
            {"year": _("There is already a review for %(year)s.") % {"year": year}},
            code="exists",
        )
    review = ManagementReview(organisation=organisation, year=year, **header)
    if copy_from is not None:
        review.contact_name = review.contact_name or copy_from.contact_name
        review.contact_title = review.contact_title or copy_from.contact_title
        review.disabled_blocks = list(copy_from.disabled_blocks)
    core.member(by, organisation, Capability.EDIT, Capability.SUBMIT_REVIEW)
    core.save_new(
        review,
        by=by,
        reason=reasons.reason("review_copied", str(copy_from.year))
        if copy_from
        else reasons.reason("review_created"),
    )
    texts = dict(copy_from.sections.values_list("key", "text")) if copy_from else {}
    sections_ensure(review=review, by=by, texts=texts)
    return review


def sections_ensure(*, review: ManagementReview, by, texts: dict | None = None) -> None:
    """Create the outline's sections the review lacks (with ``texts`` if given)."""
    texts = texts or {}
    have = set(review.sections.values_list("key", flat=True))
    for position, outline in enumerate(OUTLINE):
        if outline.key in have:
            continue
        section = ReviewSection(
            organisation=review.organisation,
            review=review,
            key=outline.key,
            title=section_title(outline, review.organisation),
            text=texts.get(outline.key, ""),
            order=position,
        )
        core.save_new(section, by=by, reason=reasons.reason("created"))


def _locked(review: ManagementReview) -> ManagementReview:
    """The review as stored, locked for this transaction: a decision taken
    meanwhile is seen, whatever the caller's copy says."""
    return ManagementReview.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_update(
    *, review: ManagementReview, by, version: dict | None, reason: str = "", **fields
) -> ManagementReview:
    core.member(by, review.organisation, Capability.EDIT)
    for name, value in fields.items():
        setattr(review, name, value)
    return core.save_change(
        review,
        by=by,
        version=version,
        reason=reasons.reason("header_changed", reason),
        check=lambda current: current.assert_editable(),
    )


@transaction.atomic
def section_update(
    *, section: ReviewSection, text: str, by, version: dict | None, reason: str = ""
) -> ReviewSection:
    core.member(by, section.organisation, Capability.EDIT)
    _locked(section.review).assert_editable()
    section.text = text
    return core.save_change(
        section,
        by=by,
        version=version,
        reason=reasons.reason("text_changed", reason),
    )


@transaction.atomic
def blocks_set(
    *, review: ManagementReview, enabled: set[str], by, version: dict | None
) -> ManagementReview:
    """Turn data blocks on or off for this review."""
    from reviews.report.blocks import report_blocks

    core.member(by, review.organisation, Capability.EDIT)
    keys = [b.key for b in report_blocks()]
    review.disabled_blocks = [k for k in keys if k not in enabled]
    return core.save_change(
        review,
        by=by,
        version=version,
        reason=reasons.reason("blocks_chosen"),
        check=lambda current: current.assert_editable(),
    )
