"""The core's lines of the dashboard's "Att göra"."""

from datetime import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lgsys.audit import timeline
from lgsys.audit.forms import since_query
from lgsys.display import local_time
from lgsys.models import Capability
from lgsys.registry import TodoItem

# The history counted since the last visit stops here ("1000+"): the count
# costs what this many index entries per table cost, however long ago it was.
SINCE_CAP = 1000


def core_items(membership, previous_visit: datetime | None) -> list[TodoItem]:
    """The auditor's line: the changes since their last visit, linked to the
    timeline from that minute (one query)."""
    if not (membership.read_only and membership.can(Capability.VIEW_HISTORY)):
        return []
    url = reverse("history_timeline", args=[membership.organisation.code])
    if previous_visit is None:
        return [TodoItem(text=_("Your first visit: the whole change history"), url=url)]
    since = previous_visit.replace(second=0, microsecond=0)
    n = timeline.count_since(membership.organisation, since, cap=SINCE_CAP)
    return [
        TodoItem(
            text=ngettext(
                "change since your last visit", "changes since your last visit", n
            ),
            url=f"{url}?{urlencode(since_query(since))}",
            count=f"{SINCE_CAP}+" if n >= SINCE_CAP else n,
            note=_("since %(when)s") % {"when": local_time(since)},
            order=10,
        )
    ]
