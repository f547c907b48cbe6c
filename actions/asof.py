"""The action plan as it was at a moment, for the history's "the register as it
was" page (lgsys/audit/asof.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys.audit.asof import Register


def _actions(records, shown, organisation, moment):
    headers = [_("Action"), _("Area"), _("Period"), _("Responsible"), _("Status")]
    rows = [
        [
            r.text,
            shown(r, "area"),
            f"{r.start_year}–{r.end_year}"
            if r.end_year and r.end_year != r.start_year
            else str(r.start_year or "–"),
            shown(r, "responsible_user")
            if r.responsible_user_id
            else (r.responsible_title or "–"),
            shown(r, "status"),
        ]
        for r in records
    ]
    return headers, rows


REGISTERS = [
    Register(
        "atgarder",
        gettext_lazy("Actions"),
        "actions.action",
        ("start_year", "order", "id"),
        _actions,
    ),
]
