"""A member's reminder settings: the one write path for them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lgsys import reasons
from lgsys import services as core
from lgsys.models import ReminderKind, ReminderSetting
from lgsys.services import StaleEdit

reasons.define(
    reminder_on=gettext_lazy("reminder turned on"),
    reminder_off=gettext_lazy("reminder turned off"),
)


def reminder_choices(user) -> dict[str, bool]:
    """Each kind of reminder and whether ``user`` receives it (no row: they do)."""
    stored = dict(
        ReminderSetting.objects.filter(user=user).values_list("kind", "enabled")
    )
    return {kind: stored.get(kind, True) for kind in ReminderKind.values}


@transaction.atomic
def reminder_settings_update(
    *, user, by, enabled: dict[str, bool], version: dict[str, bool] | None
) -> dict[str, bool]:
    """Turn ``user``'s reminders on or off, each kind as ``enabled`` says (a kind
    left out stays as it is). Only the user themselves does; ``version`` is the
    choices their form showed, and a change made meanwhile (in another window)
    is not overwritten unseen. Each change is a row in the setting's history."""
    if by is None or user is None or by.pk != user.pk:
        raise PermissionDenied
    unknown = set(enabled) - set(ReminderKind.values)
    if unknown:
        raise ValidationError(_("No such reminder."), code="unknown_kind")
    # One writer at a time for this user: two first saves of a kind would both
    # insert its row.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    rows = {
        row.kind: row
        for row in ReminderSetting.objects.select_for_update().filter(user=user)
    }
    current = {
        kind: rows[kind].enabled if kind in rows else True
        for kind in ReminderKind.values
    }
    if version is None:
        raise StaleEdit(
            [
                _(
                    "The form did not say which choices it showed. Your choices "
                    "are kept below: save again to apply them."
                )
            ],
            current=None,
        )
    if version != current:
        now = [
            _("%(reminder)s is now: %(state)s")
            % {
                "reminder": ReminderKind(kind).label,
                "state": _("on") if current[kind] else _("off"),
            }
            for kind in ReminderKind.values
            if version.get(kind) != current[kind]
        ]
        raise StaleEdit(
            [
                _(
                    "Your reminders were changed in another window while you were "
                    "editing them. Your choices are kept below: save again to "
                    "apply them."
                ),
                *now,
            ],
            current=None,
        )
    for kind, wanted in enabled.items():
        if wanted == current[kind]:
            continue
        reason = reasons.reason("reminder_on" if wanted else "reminder_off")
        row = rows.get(kind)
        if row is None:
            core.save_new(
                ReminderSetting(user=user, kind=kind, enabled=wanted),
                by=by,
                reason=reason,
            )
        else:
            stored = core.version_of(row)
            row.enabled = wanted
            core.save_change(row, by=by, version=stored, reason=reason)
        current[kind] = wanted
    return current
