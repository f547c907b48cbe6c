"""Writes to a review's header, sections and block choices. Every one refuses an
approved review (``review.assert_editable()``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.models import ManagementReview, ReviewSection
from reviews.report.outline import OUTLINE, section_title


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
    review._history_user = by
    review._change_reason = (
        _("copied from the %(year)s review") % {"year": copy_from.year}
        if copy_from
        else _("created from the outline")
    )
    review.full_clean()
    review.save()
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
        section._history_user = by
        section.save()


def review_copy(*, source, organisation, year, by) -> ManagementReview:
    """The contract the approval workflow uses for "replace with a new version"."""
    return review_create(organisation=organisation, year=year, by=by, copy_from=source)


def _locked(review: ManagementReview) -> ManagementReview:
    """The review as stored, locked for this transaction: a decision taken
    meanwhile is seen, whatever the caller's copy says."""
    return ManagementReview.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_update(*, review: ManagementReview, by, **fields) -> ManagementReview:
    _locked(review).assert_editable()
    for name, value in fields.items():
        setattr(review, name, value)
    review._history_user = by
    review._change_reason = _("header changed")
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def section_update(*, section: ReviewSection, text: str, by) -> ReviewSection:
    _locked(section.review).assert_editable()
    section.text = text
    section._history_user = by
    section._change_reason = _("text changed")
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def blocks_set(*, review: ManagementReview, enabled: set[str], by) -> ManagementReview:
    """Turn data blocks on or off for this review."""
    from lgsys.registry import report_blocks

    _locked(review).assert_editable()
    keys = [b.key for b in report_blocks()]
    review.disabled_blocks = [k for k in keys if k not in enabled]
    review._history_user = by
    review._change_reason = _("data blocks chosen")
    review.save()
    return review
