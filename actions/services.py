"""Every write to the action plan with a rule, an order or a history reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import FOLLOW_UP_MAX_LENGTH, Action, ActionArea, ActionStatus
from lgsys import reasons
from lgsys import services as core
from lgsys.models import Capability

reasons.define(status_changed=gettext_lazy("status changed"))


def _save(obj, *, by, reason: str):
    """A write the service itself decides (an order, a done date), without a
    user's stale version to check."""
    obj._history_user = by
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def area_create(*, area: ActionArea, by) -> ActionArea:
    core.member(by, area.organisation, Capability.EDIT)
    last = ActionArea.objects.filter(organisation=area.organisation).aggregate(
        m=Max("order")
    )["m"]
    area.order = (last or 0) + 10
    return core.save_new(area, by=by, reason=reasons.reason("created"))


@transaction.atomic
def area_update(
    *, area: ActionArea, by, version: dict | None, reason: str = ""
) -> ActionArea:
    """Change an area; ``reason`` is the user's words for the history."""
    core.member(by, area.organisation, Capability.EDIT)
    return core.save_change(
        area, by=by, version=version, reason=reasons.reason("changed", reason)
    )


@transaction.atomic
def area_delete(*, area: ActionArea, by) -> None:
    core.member(by, area.organisation, Capability.EDIT)
    if area.actions.exists():
        raise ValidationError(
            _("The area still has %(count)d actions. Move or delete them first.")
            % {"count": area.actions.count()},
            code="has_actions",
        )
    core.delete(area, by=by, reason=reasons.reason("deleted"))


@transaction.atomic
def area_move(*, area: ActionArea, up: bool, by) -> None:
    core.member(by, area.organisation, Capability.EDIT)
    siblings = list(
        ActionArea.objects.select_for_update().filter(organisation=area.organisation)
    )
    _swap(siblings, area, up, by)


def _done_on(action: Action) -> None:
    if action.status == ActionStatus.DONE and action.done_on is None:
        action.done_on = timezone.localdate()


@transaction.atomic
def action_create(*, action: Action, by, m2m: dict | None = None) -> Action:
    """A new action goes last in its area."""
    core.member(by, action.organisation, Capability.EDIT)
    last = Action.objects.filter(area=action.area).aggregate(m=Max("order"))["m"]
    action.order = (last or 0) + 10
    _done_on(action)
    return core.save_new(action, by=by, reason=reasons.reason("created"), m2m=m2m)


@transaction.atomic
def action_update(
    *,
    action: Action,
    by,
    version: dict | None,
    m2m: dict | None = None,
    reason: str = "",
) -> Action:
    """Change an action; ``reason`` is the user's words for the history."""
    core.member(by, action.organisation, Capability.EDIT)
    _done_on(action)
    return core.save_change(
        action,
        by=by,
        version=version,
        reason=reasons.reason("changed", reason),
        m2m=m2m,
    )


@transaction.atomic
def action_set_status(
    *, action: Action, status: str, note: str, by, version: dict | None
) -> Action:
    """Change the status, with a follow-up note kept on the action and as the
    history's reason."""
    core.member(by, action.organisation, Capability.EDIT)
    action = core.lock_current(action, version)
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."), code="bad_status")
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": _("Write a note on what happened.")}, code="note_required"
        )
    old_label = action.get_status_display()
    action.status = status
    if status == ActionStatus.DONE:
        action.done_on = action.done_on or timezone.localdate()
    else:
        action.done_on = None
    stamp = timezone.localdate().isoformat()
    entry = f"{stamp}: {old_label} → {action.get_status_display()}. {note}"
    follow_up = f"{action.follow_up}\n{entry}".strip()
    if len(follow_up) > FOLLOW_UP_MAX_LENGTH:
        # The oldest entries give way; each one is still in the history.
        follow_up = follow_up[-FOLLOW_UP_MAX_LENGTH:].partition("\n")[2] or entry
    action.follow_up = follow_up
    return _save(action, by=by, reason=reasons.reason("status_changed", note))


@transaction.atomic
def action_move(*, action: Action, up: bool, by) -> None:
    """Move an action up or down among the actions of its area and period."""
    core.member(by, action.organisation, Capability.EDIT)
    siblings = list(
        Action.objects.select_for_update().filter(
            area=action.area, start_year=action.start_year, end_year=action.end_year
        )
    )
    _swap(siblings, action, up, by)


@transaction.atomic
def action_delete(*, action: Action, by) -> None:
    core.member(by, action.organisation, Capability.EDIT)
    core.delete(action, by=by, reason=reasons.reason("deleted"))


def _swap(siblings: list, obj, up: bool, by) -> None:
    """Renumber ``siblings`` 10, 20, … with ``obj`` moved one place."""
    siblings.sort(key=lambda s: (s.order, s.pk))
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position * 10:
            sibling.order = position * 10
            _save(sibling, by=by, reason=reasons.reason("reordered"))
