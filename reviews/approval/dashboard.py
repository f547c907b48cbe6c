"""The review's way to its decision, on the dashboard's "Att göra": for the head,
the reviews waiting for their decision; for the coordinator, this year's review
(its status, the verksamhetsplan deadline, sections without text) and the
reviews returned to them; for the auditor, the approvals since their last visit.
A fixed number of queries per role."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lgsys.audit.forms import since_query
from lgsys.display import full_name, local_time
from lgsys.models import Capability, LastVisit
from lgsys.registry import TodoItem, TodoLink
from reviews.models import ManagementReview, ReviewSection, ReviewStatus

# A review waiting this long for a decision is marked (and reminded by e-mail).
DECISION_WAIT = timedelta(days=7)
# The deadline is marked this many days before.
DEADLINE_WARNING_DAYS = 30


def todo(membership) -> list[TodoItem]:
    items = []
    if membership.can(Capability.DECIDE_REVIEW):
        items += _waiting_for_decision(membership)
    if membership.can(Capability.EDIT):
        items += _coordinators_reviews(membership)
    if membership.read_only and membership.can(Capability.VIEW_HISTORY):
        items += _approved_since_last_visit(membership)
    return items


def _url(name: str, review: ManagementReview, code: str) -> str:
    return reverse(name, args=[code, review.pk])


def _waiting_for_decision(membership) -> list[TodoItem]:
    code = membership.organisation.code
    waiting = list(
        ManagementReview.objects.filter(
            organisation=membership.organisation, status=ReviewStatus.SUBMITTED
        )
        .select_related("submitted_by")
        .order_by("submitted_at", "pk")
    )
    if not waiting:
        return []
    now = timezone.now()
    details = []
    for review in waiting:
        who = review.submitted_by
        note = _("submitted %(when)s by %(who)s") % {
            "when": local_time(review.submitted_at) if review.submitted_at else "–",
            "who": full_name(who) if who else "–",
        }
        late = review.submitted_at and now - review.submitted_at >= DECISION_WAIT
        details.append(
            TodoLink(
                text=_("%(review)s: the basis for your decision") % {"review": review},
                url=_url("reviews:review_basis", review, code),
                note=note,
                tone="warn" if late else "",
            )
        )
    return [
        TodoItem(
            text=ngettext(
                "review waits for your decision",
                "reviews wait for your decision",
                len(waiting),
            ),
            url=reverse("reviews:decisions", args=[code]),
            count=len(waiting),
            details=tuple(details),
            order=10,
        )
    ]


def _coordinators_reviews(membership) -> list[TodoItem]:
    organisation = membership.organisation
    code = organisation.code
    today = timezone.localdate()
    year = today.year
    reviews = list(
        ManagementReview.objects.filter(organisation=organisation)
        .filter(Q(year=year) | Q(status=ReviewStatus.RETURNED))
        .annotate(
            empty_sections=Count(
                "sections", filter=Q(sections__text=""), distinct=True
            ),
            comment_count=Count("comments", distinct=True),
            first_empty=Subquery(
                ReviewSection.objects.filter(review=OuterRef("pk"), text="")
                .order_by("order", "pk")
                .values("key")[:1]
            ),
        )
        .order_by("-year", "-pk")
    )
    current = next((r for r in reviews if r.year == year), None)
    items = [_this_years_review(current, organisation, today, code)]
    editable = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
    if current is not None and current.status in editable and current.empty_sections:
        n = current.empty_sections
        items.append(
            TodoItem(
                text=ngettext(
                    "section of %(review)s has no text yet",
                    "sections of %(review)s have no text yet",
                    n,
                )
                % {"review": current},
                url=_url("reviews:review_detail", current, code)
                + f"#section-{current.first_empty}",
                count=n,
                order=20,
            )
        )
    for review in reviews:
        if review.status != ReviewStatus.RETURNED:
            continue
        items.append(
            TodoItem(
                text=_("%(review)s was returned to you") % {"review": review},
                url=_url("reviews:review_detail", review, code),
                note=ngettext(
                    "%(count)d comment", "%(count)d comments", review.comment_count
                )
                % {"count": review.comment_count},
                tone="danger",
                order=15,
            )
        )
    return items


def _this_years_review(review, organisation, today, code) -> TodoItem:
    deadline = organisation.plan_deadline
    decided = review is not None and review.status == ReviewStatus.APPROVED
    if decided:
        note, tone = (
            _("decided %(day)s") % {"day": review.decided_on.isoformat()}
            if review.decided_on
            else "",
            "ok",
        )
    elif deadline is None:
        note, tone = _("no verksamhetsplan deadline set"), ""
    else:
        days = (deadline - today).days
        if days < 0:
            note, tone = (
                _("the verksamhetsplan deadline %(day)s has passed")
                % {"day": deadline.isoformat()},
                "danger",
            )
        else:
            note = ngettext(
                "to be decided by %(day)s, in %(days)d day",
                "to be decided by %(day)s, in %(days)d days",
                days,
            ) % {"day": deadline.isoformat(), "days": days}
            tone = "warn" if days <= DEADLINE_WARNING_DAYS else ""
    if review is None:
        return TodoItem(
            text=_("Ledningens genomgång %(year)s is not started")
            % {"year": today.year},
            url=reverse("reviews:review_create", args=[code]),
            note=note,
            tone=tone or "warn",
            order=10,
        )
    return TodoItem(
        text=_("%(review)s: %(status)s")
        % {"review": review, "status": review.get_status_display()},
        url=_url("reviews:review_detail", review, code),
        note=note,
        tone=tone,
        order=10,
    )


def _approved_since_last_visit(membership) -> list[TodoItem]:
    organisation = membership.organisation
    previous = (
        LastVisit.objects.filter(user=membership.user_id, organisation=organisation)
        .values_list("previous", flat=True)
        .first()
    )
    if previous is None:
        return []
    since = previous.replace(second=0, microsecond=0)
    approvals = list(
        ManagementReview.history.filter(
            organisation_id=organisation.pk,
            history_date__gte=since,
            history_change_reason="approved",
        ).order_by("-history_date")
    )
    if not approvals:
        return []
    code = organisation.code
    query = urlencode(
        {**since_query(since), "kind": "reviews.managementreview", "change": "~"}
    )
    return [
        TodoItem(
            text=ngettext(
                "review approved since your last visit",
                "reviews approved since your last visit",
                len(approvals),
            ),
            url=f"{reverse('history_timeline', args=[code])}?{query}",
            count=len(approvals),
            order=11,
            details=tuple(
                TodoLink(
                    text=str(record.instance),
                    url=reverse("reviews:review_detail", args=[code, record.id]),
                    note=_("approved %(when)s")
                    % {"when": local_time(record.history_date)},
                    tone="ok",
                )
                for record in approvals
            ),
        )
    ]
