"""The actions decided in earlier reviews and their status (ISO/IEC 27001 9.3.2
a): the unfinished ones carry over."""

from datetime import date

from actions.models import FINISHED
from actions.plan import actions_at
from lgsys.audit.asof import records_at
from reviews.models import DecidedAction, ManagementReview


def carry_over_rows(
    organisation, review_year: int, as_of: date | None = None
) -> list[dict]:
    """The actions decided in reviews before ``review_year``, with their status
    now (or at the end of ``as_of``, from the history), as plain data for the
    plan page and the report's snapshot. Two queries (four as of a day)."""
    if as_of is None:
        decisions = DecidedAction.objects.filter(
            organisation=organisation, review__year__lt=review_year
        ).select_related("review", "action__area", "action__responsible_user")
        rows = [(d.review.year, d.action) for d in decisions]
    else:
        decisions = records_at(DecidedAction, organisation, as_of)
        years = dict(
            ManagementReview.objects.filter(
                pk__in={d.review_id for d in decisions}
            ).values_list("pk", "year")
        )
        actions = {a.pk: a for a in actions_at(organisation, as_of)}
        rows = [
            (years[d.review_id], actions[d.action_id])
            for d in decisions
            if d.action_id in actions
            and years.get(d.review_id, review_year) < review_year
        ]
    rows.sort(
        key=lambda row: (
            row[0],
            row[1].area.order,
            row[1].start_year,
            row[1].order,
            row[1].pk,
        )
    )
    return [
        {
            "decided": year,
            "text": action.text,
            "period": action.period_label,
            "area": action.area.title,
            "status": action.status,
            "status_label": str(action.get_status_display()),
            "carries_over": action.status not in FINISHED,
        }
        for year, action in rows
    ]
