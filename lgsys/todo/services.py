"""The writes behind the dashboard: the verksamhetsplan deadline and the last
visit."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys import services as core
from lgsys.models import Capability, LastVisit, Organisation

reasons.define(plan_deadline_set=gettext_lazy("verksamhetsplan deadline set"))

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@transaction.atomic
def organisation_plan_deadline_set(
    *,
    organisation: Organisation,
    by,
    plan_deadline: date | None,
    version: dict | None,
    reason: str = "",
) -> Organisation:
    """Set (or clear) the day this year's review must be decided, to be attached
    to the verksamhetsplan. The coordinator's act; ``version`` is what the form
    showed."""
    core.member(by, organisation, Capability.EDIT)
    if plan_deadline is not None and not EARLIEST <= plan_deadline <= LATEST:
        raise ValidationError(
            {"plan_deadline": _("Give a date between 2000 and 2100.")},
            code="bad_date",
        )
    organisation.plan_deadline = plan_deadline
    return core.save_change(
        organisation,
        by=by,
        version=version,
        reason=reasons.reason("plan_deadline_set", reason),
    )


@transaction.atomic
def last_visit_record(
    *, user, organisation: Organisation, now: datetime | None = None
) -> datetime | None:
    """Note that ``user`` opens ``organisation``'s dashboard ``now``; return when
    they last looked before this visit (None on their first).

    Views less than a session's idle time apart are one visit: a reload, or a
    return to the dashboard a minute later, keeps the same "since your last
    visit" instead of resetting it to a moment ago. A LastVisit is no record of
    the organisation (no history): it is written here, by the member's own
    request, whatever their role."""
    now = now or timezone.now()
    visit, created = LastVisit.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, defaults={"seen_at": now}
    )
    if created:
        return None
    if now - visit.seen_at > timedelta(seconds=settings.SESSION_IDLE_SECONDS):
        visit.previous = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous"])
    return visit.previous
