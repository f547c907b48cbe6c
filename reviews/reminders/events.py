"""What is due for a reminder now, across every organisation, and who can act on
it. Reads only; one query per kind of event, whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from classification.models import Classification, InformationAsset, Risk
from lgsys.display import full_name, local_time
from lgsys.models import Membership, Organisation, ReminderKind, Role
from reviews.approval.dashboard import DECISION_WAIT
from reviews.models import Incident, ManagementReview, ReviewStatus

# The IMY clock's thresholds, in hours left, most urgent first.
IMY_THRESHOLDS = (12, 48)
# A classification or risk is reminded this many days before its review date.
REVIEW_DUE_DAYS = 30


@dataclass(frozen=True)
class Event:
    """Something to remind of: ``key`` names the event and its threshold
    ("incident:42:12h"); ``text`` and ``path`` are what the mail says of it (the
    text is built while Swedish is active)."""

    kind: str
    key: str
    organisation: Organisation
    text: str
    path: str
    recipients: tuple = field(default=(), compare=False)  # users


class Members:
    """The organisations' members who can receive mail (active, with an e-mail
    address), by organisation and role: one query."""

    def __init__(self):
        self._by_role: dict[tuple[int, str], list] = defaultdict(list)
        self._members: dict[tuple[int, int], object] = {}
        rows = (
            Membership.objects.filter(user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user_id")
        )
        for membership in rows:
            key = (membership.organisation_id, membership.role)
            self._by_role[key].append(membership.user)
            self._members[(membership.organisation_id, membership.user_id)] = membership

    def with_role(self, organisation_id: int, role: str) -> tuple:
        return tuple(self._by_role[(organisation_id, role)])

    def member(self, organisation_id: int, user_id: int | None):
        """The membership of ``user_id`` in the organisation, if they can get mail."""
        return self._members.get((organisation_id, user_id))


def due_events(now: datetime | None = None) -> list[Event]:
    """Every reminder due at ``now`` (sent or not: the sender skips those sent)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = Members()
    return [
        *_imy_clock(now, members),
        *_classifications_due(today, members),
        *_risks_due(today, members),
        *_actions_past_period(today, members),
        *_decisions_waiting(now, members),
        *_reviews_returned(members),
        *_below_normative_floor(members),
    ]


def _path(name: str, organisation: Organisation, pk: int) -> str:
    return reverse(name, args=[organisation.code, pk])


def _imy_clock(now, members) -> list[Event]:
    events = []
    breaches = Incident.objects.awaiting_imy_report().select_related("organisation")
    for incident in breaches:
        left = incident.imy_deadline - now
        hours = left.total_seconds() / 3600
        threshold = next((t for t in IMY_THRESHOLDS if 0 < hours <= t), None)
        if threshold is None:  # not yet (or the clock has run out)
            continue
        org = incident.organisation
        events.append(
            Event(
                kind=ReminderKind.IMY_CLOCK,
                key=f"incident:{incident.pk}:{threshold}h",
                organisation=org,
                text=_("%(title)s: %(hours)d h left, report to IMY by %(deadline)s")
                % {
                    "title": incident.title,
                    "hours": int(hours),
                    "deadline": local_time(incident.imy_deadline),
                },
                path=_path("reviews:incident_detail", org, incident.pk),
                recipients=members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events


def _phase(day: date, today: date) -> str:
    return "overdue" if day < today else f"{REVIEW_DUE_DAYS}d"


def _due_text(what: str, day: date, today: date) -> str:
    if day < today:
        return _("%(what)s: review overdue since %(day)s") % {
            "what": what,
            "day": day.isoformat(),
        }
    return _("%(what)s: review due %(day)s") % {"what": what, "day": day.isoformat()}


def _classifications_due(today, members) -> list[Event]:
    """The asset's current classification; its owner if they can get mail (they
    may edit it), else the coordinators."""
    events = []
    assets = (
        InformationAsset.objects.with_current_classification()
        .filter(next_review__lte=today + timedelta(days=REVIEW_DUE_DAYS))
        .select_related("organisation")
        .order_by("organisation_id", "next_review", "pk")
    )
    for asset in assets:
        org = asset.organisation
        owner = members.member(org.pk, asset.owner_user_id)
        events.append(
            Event(
                kind=ReminderKind.REVIEW_DUE,
                key=f"asset:{asset.pk}:{asset.next_review}:"
                f"{_phase(asset.next_review, today)}",
                organisation=org,
                text=_due_text(
                    _("Classification of %(asset)s") % {"asset": asset.name},
                    asset.next_review,
                    today,
                ),
                path=_path("classification:asset_detail", org, asset.pk),
                recipients=(owner.user,)
                if owner is not None
                else members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events


def _risks_due(today, members) -> list[Event]:
    events = []
    risks = (
        Risk.objects.filter(
            next_review__lte=today + timedelta(days=REVIEW_DUE_DAYS),
        )
        .exclude(status=Risk.Status.CLOSED)
        .select_related("organisation")
        .order_by("organisation_id", "next_review", "pk")
    )
    for risk in risks:
        org = risk.organisation
        events.append(
            Event(
                kind=ReminderKind.REVIEW_DUE,
                key=f"risk:{risk.pk}:{risk.next_review}:"
                f"{_phase(risk.next_review, today)}",
                organisation=org,
                text=_due_text(
                    _("Risk %(risk)s") % {"risk": risk.title}, risk.next_review, today
                ),
                path=_path("classification:risk_detail", org, risk.pk),
                recipients=members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events


def _actions_past_period(today, members) -> list[Event]:
    events = []
    actions = (
        Action.objects.past_period(today.year)
        .select_related("organisation")
        .order_by("organisation_id", "end_year", "pk")
    )
    for action in actions:
        org = action.organisation
        events.append(
            Event(
                kind=ReminderKind.ACTION_OVERDUE,
                key=f"action:{action.pk}:{action.end_year}",
                organisation=org,
                text=_("%(action)s (%(period)s, %(status)s)")
                % {
                    "action": action,
                    "period": action.period_label,
                    "status": action.get_status_display(),
                },
                path=_path("actions:action_detail", org, action.pk),
                recipients=members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events


def _decisions_waiting(now, members) -> list[Event]:
    events = []
    reviews = ManagementReview.objects.filter(
        status=ReviewStatus.SUBMITTED, submitted_at__lte=now - DECISION_WAIT
    ).select_related("organisation", "submitted_by")
    for review in reviews:
        org = review.organisation
        who = review.submitted_by
        events.append(
            Event(
                kind=ReminderKind.DECISION_WAITING,
                # A new submission (after a return) is a new event.
                key=f"review:{review.pk}:submitted:{review.submitted_at.isoformat()}",
                organisation=org,
                text=_("%(review)s, submitted %(when)s by %(who)s")
                % {
                    "review": review,
                    "when": local_time(review.submitted_at),
                    "who": full_name(who) if who else "–",
                },
                path=_path("reviews:review_basis", org, review.pk),
                recipients=members.with_role(org.pk, Role.HEAD),
            )
        )
    return events


def _reviews_returned(members) -> list[Event]:
    """Reviews now returned, each return once (its moment in the history)."""
    reviews = list(
        ManagementReview.objects.filter(status=ReviewStatus.RETURNED).select_related(
            "organisation"
        )
    )
    returned_at = dict(
        ManagementReview.history.filter(
            id__in=[r.pk for r in reviews],
            status=ReviewStatus.RETURNED,
            history_change_reason__startswith="returned",
        )
        .values("id")
        .annotate(at=Max("history_date"))
        .values_list("id", "at")
    )
    events = []
    for review in reviews:
        at = returned_at.get(review.pk)
        if at is None:  # returned before reasons were codes: no moment to name
            continue
        org = review.organisation
        events.append(
            Event(
                kind=ReminderKind.REVIEW_RETURNED,
                key=f"review:{review.pk}:returned:{at.isoformat()}",
                organisation=org,
                text=_("%(review)s, returned %(when)s")
                % {"review": review, "when": local_time(at)},
                path=_path("reviews:review_detail", org, review.pk),
                recipients=members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events


def _below_normative_floor(members) -> list[Event]:
    """Current classifications below the floor of the normative classification
    they follow (the city raised it), to the coordinators; once per floor: a new
    raise is a new event."""
    rows = (
        Classification.objects.below_normative()
        .select_related("organisation", "asset", "normative")
        .order_by("organisation_id", "asset__name", "pk")
    )
    events = []
    for classification in rows:
        org, norm = classification.organisation, classification.normative
        events.append(
            Event(
                kind=ReminderKind.NORMATIVE_FLOOR,
                key=f"normative-floor:{classification.pk}:{norm.pk}:{norm.k}-"
                f"{norm.r}-{norm.t}-{norm.s}",
                organisation=org,
                text=_("%(asset)s: %(levels)s, below “%(normative)s”")
                % {
                    "asset": classification.asset.name,
                    "levels": classification.krt,
                    "normative": str(norm),
                },
                path=_path(
                    "classification:classification_detail", org, classification.pk
                ),
                recipients=members.with_role(org.pk, Role.COORDINATOR),
            )
        )
    return events
