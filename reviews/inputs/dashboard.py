from django.utils import timezone
from django.utils.translation import gettext as _

from lgsys.registry import Panel
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
