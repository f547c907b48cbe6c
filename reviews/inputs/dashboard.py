from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lgsys.models import Capability
from lgsys.registry import Panel, TodoItem, TodoLink
from reviews.models import AccessRequest, Finding, Incident


def panels(membership) -> list[Panel]:
    org = membership.organisation
    year = timezone.localdate().year
    incidents = Incident.objects.filter(organisation=org)
    by_source = Finding.objects.filter(organisation=org).open_by_source()
    labels = dict(Finding.Source.choices)
    return [
        Panel(
            _("Review inputs %(year)s") % {"year": year},
            "reviews/inputs/_panel.html",
            {
                "year": year,
                "incidents": sum(incidents.by_quarter(year).values()),
                "imy": incidents.imy_summary(year),
                "requests": AccessRequest.objects.filter(organisation=org).timeliness(
                    year
                ),
                "open_findings": [(labels[k], n) for k, n in by_source.items() if n],
            },
        )
    ]


# The breaches named one by one under the figure (the list shows them all).
BREACHES_SHOWN = 5


def todo(membership) -> list[TodoItem]:
    """For the coordinator: personal data breaches not yet reported to IMY, each
    with the hours left on its 72-hour clock (two queries)."""
    if not membership.can(Capability.EDIT):
        return []
    org = membership.organisation
    waiting = Incident.objects.filter(organisation=org).awaiting_imy_report()
    count = waiting.count()
    if not count:
        return []
    now = timezone.now()
    details = []
    for incident in waiting.order_by("discovered_at", "pk")[:BREACHES_SHOWN]:
        state, text = incident.imy_state(now)
        hours_left = (incident.imy_deadline - now).total_seconds() / 3600
        details.append(
            TodoLink(
                text=incident.title,
                url=reverse("reviews:incident_detail", args=[org.code, incident.pk]),
                note=text,
                tone="danger" if state == "missed" or hours_left <= 12 else "warn",
            )
        )
    return [
        TodoItem(
            text=ngettext(
                "personal data breach not yet reported to IMY",
                "personal data breaches not yet reported to IMY",
                count,
            ),
            url=reverse("reviews:incident_list", args=[org.code]) + "?unreported=1",
            count=count,
            details=tuple(details),
            order=5,
        )
    ]
