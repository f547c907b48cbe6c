"""The approval workflow: utkast → inskickad → beslutad, or inskickad →
återremitterad → inskickad … Every transition is a service that records who, when
and why in the history; any other transition is refused and changes nothing."""

import logging
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons, stepup
from lgsys import services as core
from lgsys.models import Capability, Membership, ReminderKind, Role, SentReminder
from reviews.approval.checks import submission_problems
from reviews.models import ManagementReview, ReviewComment, ReviewStatus
from reviews.report.selectors import build_blocks

log = logging.getLogger(__name__)

reasons.define(
    submitted=gettext_lazy("submitted for decision"),
    returned=gettext_lazy("returned"),
    approved=gettext_lazy("approved"),
    comment_added=gettext_lazy("comment added"),
)


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


def _notify(review, role, subject, body, *, kind=None, key=None) -> None:
    """E-mail the organisation's members in ``role`` (those who have not turned
    off this ``kind`` of reminder on their profile), with a full link; a failed
    send is logged and never blocks the transition. With ``key``, the mail counts
    as the reminder ``send_reminders`` would send for the same event, so nobody
    gets it twice."""
    members = Membership.objects.filter(
        organisation=review.organisation, role=role
    ).exclude(user__email="")
    if kind is not None:
        members = members.exclude(
            user__reminder_settings__kind=kind, user__reminder_settings__enabled=False
        )
    users = list(members.values_list("user_id", "user__email"))
    if not users:
        return
    path = reverse("reviews:review_detail", args=[review.organisation.code, review.pk])
    url = f"{settings.LGSYS_BASE_URL.rstrip('/')}{path}"
    try:
        send_mail(subject, f"{body}\n\n{url}", None, [email for _id, email in users])
    except Exception:  # any backend failure: the decision stands
        log.exception("Could not send the notification for review %s", review.pk)
        return
    if kind is not None and key is not None:
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    user_id=user_id,
                    organisation=review.organisation,
                    kind=kind,
                    key=key,
                )
                for user_id, _email in users
            ],
            ignore_conflicts=True,
        )


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
    # What the check page shows as blocking is refused here too, whatever page
    # (or none) the request came from; the warnings are the coordinator's call.
    blocking, _warnings = submission_problems(review)
    if blocking:
        raise ValidationError(
            [
                ValidationError(message, code="incomplete")
                for message in [
                    _("The review cannot be submitted yet."),
                    *(problem.message for problem in blocking),
                ]
            ]
        )
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at, review.submitted_by = timezone.now(), by
    # The head reads and approves exactly the data of the data date as it is now.
    review.data_date = review.data_date or timezone.localdate()
    review.blocks_snapshot = build_blocks(review)
    _save(review, by, reasons.reason("submitted"))
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
            kind=ReminderKind.DECISION_WAITING,
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
    core.save_new(note, by=by, reason=reasons.reason("comment_added"))
    review.status = ReviewStatus.RETURNED
    review.blocks_snapshot = None  # taken anew at the next submission
    _save(review, by, reasons.reason("returned", comment))
    returned_at = review.history.order_by("-history_id").first().history_date
    transaction.on_commit(
        partial(
            _notify,
            review,
            Role.COORDINATOR,
            _("%(review)s was returned") % {"review": review},
            comment,
            kind=ReminderKind.REVIEW_RETURNED,
            # the key send_reminders gives the same return (reviews/reminders)
            key=f"review:{review.pk}:returned:{returned_at.isoformat()}",
        )
    )
    return review


def review_approve(
    *,
    review: ManagementReview,
    by,
    password: str = "",
    decided_on: date,
    request=None,
) -> ManagementReview:
    """Approve with the user's password (or, for a session from the city's
    identity provider, a new authentication there: lgsys.stepup.confirm, whose
    moment is kept as ``decided_authenticated_at``) and the decision date.

    The decision is taken here, in the request; the archived PDF is rendered by
    the PDF worker (lgsys.pdfs) and stored with its SHA-256 and the blocks'
    snapshot when it is ready (``archive_rendered``). The worker renders the HTML
    fixed here, under the review's lock, at the moment of the decision: the data
    taken at submission, the decision date and person, the letterhead as it is
    now. Whatever changes afterwards never enters the approved PDF."""
    from lgsys.pdfs import services as pdfs
    from reviews.report.pdf import archive_subject, render_review_html

    review = ManagementReview.objects.select_related("organisation").get(pk=review.pk)
    _check_approvable(review, by)
    if decided_on is None or not (
        date(review.year, 1, 1) <= decided_on <= timezone.localdate()
    ):
        raise ValidationError(
            {
                "decided_on": _(
                    "The decision date lies between 1 January %(year)s and today."
                )
                % {"year": review.year}
            },
            code="bad_date",
        )
    authenticated_at = stepup.confirm(
        user=by, password=password, organisation=review.organisation, request=request
    )
    with transaction.atomic():
        locked = (
            ManagementReview.objects.select_for_update()
            .select_related("organisation")
            .get(pk=review.pk)
        )
        _check_approvable(locked, by)
        snapshot = locked.blocks_snapshot
        if snapshot is None:  # submitted before snapshots were kept
            snapshot = build_blocks(locked)
        locked.status = ReviewStatus.APPROVED
        locked.decided_on, locked.decided_by = decided_on, by
        locked.decided_authenticated_at = authenticated_at
        _save(locked, by, reasons.reason("approved"))
        html = render_review_html(
            locked, blocks=snapshot, decided_on=decided_on, decided_by=by
        )
        render = pdfs.render_request(
            html=html,
            subject=archive_subject(locked),
            on_done="reviews.approval.services.archive_rendered",
            on_done_args={
                "review": locked.pk,
                "snapshot": {"blocks": snapshot},
                "decided_by": by.pk,
                "decided_on": decided_on.isoformat(),
            },
            enqueue=False,
        )
        transaction.on_commit(partial(_notify_approved, locked, by, decided_on))
    pdfs.render_enqueue(render)  # once the decision and its job are committed
    return locked


def archive_rendered(
    *, pdf: bytes, review: int, snapshot: dict, decided_by: int, decided_on: str
) -> None:
    """The approved PDF is rendered: archive it (called by the PDF worker in the
    transaction that stores the render, once)."""
    from django.contrib.auth import get_user_model

    from reviews.archive.services import archive_store
    from reviews.models import ArchivedReport

    if ArchivedReport.objects.filter(review_id=review).exists():
        return  # stored by an earlier run of the same job
    archive_store(
        review=ManagementReview.objects.select_related("organisation").get(pk=review),
        pdf=pdf,
        snapshot=snapshot,
        decided_by=get_user_model().objects.get(pk=decided_by),
        decided_on=date.fromisoformat(decided_on),
    )


def _check_approvable(review: ManagementReview, by) -> None:
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


def _notify_approved(review: ManagementReview, by, decided_on: date) -> None:
    _notify(
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
    return core.save_new(comment, by=by, reason=reasons.reason("comment_added"))


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
        dnr=review.dnr,
    )
