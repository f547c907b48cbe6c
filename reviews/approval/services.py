"""The approval workflow: utkast → inskickad → beslutad, or inskickad →
återremitterad → inskickad … Every transition is a service that records who, when
and why in the history; any other transition is refused and changes nothing."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lgsys.models import Capability, Membership, Role
from reviews.models import ManagementReview, ReviewComment, ReviewStatus

log = logging.getLogger(__name__)


def _require(review, by, capability, message):
    membership = (
        Membership.objects.for_user(by).filter(organisation=review.organisation).first()
    )
    if membership is None or not membership.can(capability):
        raise ValidationError(message, code="not_allowed")


def _from(review, *statuses, message):
    if review.status not in statuses:
        raise ValidationError(message, code="bad_transition")


def _save(review, by, reason):
    review._history_user = by
    review._change_reason = reason
    review.save()


def _notify(review, role, subject, body) -> None:
    """E-mail the organisation's members in ``role``; a failed send is logged and
    never blocks the transition."""
    recipients = list(
        Membership.objects.filter(organisation=review.organisation, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    url = reverse("reviews:review_detail", args=[review.organisation.code, review.pk])
    try:
        send_mail(subject, f"{body}\n\n{url}", None, recipients)
    except Exception:  # any backend failure: the decision stands
        log.exception("Could not send the notification for review %s", review.pk)


@transaction.atomic
def review_submit(*, review: ManagementReview, by) -> ManagementReview:
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _require(
        review,
        by,
        Capability.SUBMIT_REVIEW,
        _("Only the information security coordinator submits the review."),
    )
    _from(
        review,
        ReviewStatus.DRAFT,
        ReviewStatus.RETURNED,
        message=_("Only a draft or a returned review can be submitted."),
    )
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at, review.submitted_by = timezone.now(), by
    _save(review, by, _("submitted for decision"))
    transaction.on_commit(
        lambda: _notify(
            review,
            Role.HEAD,
            _("%(review)s is waiting for your decision") % {"review": review},
            _("%(who)s has submitted %(review)s of %(org)s for decision.")
            % {
                "who": by.get_full_name() or by.username,
                "review": review,
                "org": review.organisation.name,
            },
        )
    )
    return review


@transaction.atomic
def review_return(*, review: ManagementReview, by, comment: str) -> ManagementReview:
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _require(
        review,
        by,
        Capability.DECIDE_REVIEW,
        _("Only the head of administration returns the review."),
    )
    _from(
        review,
        ReviewStatus.SUBMITTED,
        message=_("Only a submitted review can be returned."),
    )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Write why the review is returned.")}, code="comment_required"
        )
    note = ReviewComment(
        organisation=review.organisation,
        review=review,
        section_key="",
        text=comment,
        author=by,
    )
    note._history_user = by
    note.save()
    review.status = ReviewStatus.RETURNED
    _save(review, by, _("returned: %(comment)s") % {"comment": comment[:80]})
    transaction.on_commit(
        lambda: _notify(
            review,
            Role.COORDINATOR,
            _("%(review)s was returned") % {"review": review},
            comment,
        )
    )
    return review


@transaction.atomic
def review_approve(
    *, review: ManagementReview, by, password: str, decided_on: date
) -> ManagementReview:
    """Approve with the user's password and the decision date; the PDF is
    rendered once, stored with its SHA-256 and the blocks' snapshot."""
    from reviews.archive.services import archive_store
    from reviews.report.pdf import render_review_pdf
    from reviews.report.selectors import build_blocks

    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _require(
        review,
        by,
        Capability.DECIDE_REVIEW,
        _("Only the head of administration approves the review."),
    )
    _from(
        review,
        ReviewStatus.SUBMITTED,
        message=_("Only a submitted review can be approved."),
    )
    if not password or not by.check_password(password):
        raise ValidationError(
            {"password": _("The password is wrong. Approving needs your password.")},
            code="bad_password",
        )
    if decided_on is None or decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": _("Give the decision date; it cannot be in the future.")},
            code="bad_date",
        )
    review.status = ReviewStatus.APPROVED
    review.decided_on, review.decided_by = decided_on, by
    _save(review, by, _("approved"))
    snapshot = build_blocks(review)
    pdf = render_review_pdf(review, blocks=snapshot)
    archive_store(
        review=review,
        pdf=pdf,
        snapshot={"blocks": snapshot},
        decided_by=by,
        decided_on=decided_on,
    )
    transaction.on_commit(
        lambda: _notify(
            review,
            Role.COORDINATOR,
            _("%(review)s was approved") % {"review": review},
            _("%(who)s approved %(review)s on %(date)s.")
            % {
                "who": by.get_full_name() or by.username,
                "review": review,
                "date": decided_on.isoformat(),
            },
        )
    )
    return review


@transaction.atomic
def comment_add(
    *, review: ManagementReview, by, section_key: str, text: str
) -> ReviewComment:
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    if review.is_frozen:
        raise ValidationError(
            _("The review is approved and can no longer be changed."), code="frozen"
        )
    membership = (
        Membership.objects.for_user(by).filter(organisation=review.organisation).first()
    )
    if membership is None or not (
        membership.can(Capability.DECIDE_REVIEW) or membership.can(Capability.EDIT)
    ):
        raise ValidationError(
            _("You cannot comment on this review."), code="not_allowed"
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")}, code="empty")
    if section_key and not review.sections.filter(key=section_key).exists():
        raise ValidationError({"section_key": _("No such section.")}, code="section")
    comment = ReviewComment(
        organisation=review.organisation,
        review=review,
        section_key=section_key,
        text=text,
        author=by,
    )
    comment._history_user = by
    comment.save()
    return comment


@transaction.atomic
def review_replace(*, review: ManagementReview, by) -> ManagementReview:
    """“Ersätt med ny version”: a new draft copied from the approved review."""
    from reviews.report.services import review_create

    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    _require(
        review,
        by,
        Capability.SUBMIT_REVIEW,
        _("Only the information security coordinator starts a new version."),
    )
    _from(
        review,
        ReviewStatus.APPROVED,
        message=_("Only an approved review is replaced by a new version."),
    )
    if review.replacements.exclude(status=ReviewStatus.APPROVED).exists():
        raise ValidationError(
            _("A new version of this review is already being prepared."),
            code="exists",
        )
    return review_create(
        organisation=review.organisation,
        year=review.year,
        by=by,
        copy_from=review,
        replaces=review,
        dnr_serial=review.dnr_serial,
    )
