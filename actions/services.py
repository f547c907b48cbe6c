"""Every write to the action plan with a rule, an order or a history reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActionArea, ActionStatus


def _save(obj, *, by, reason: str):
    obj._history_user = by
    obj._change_reason = reason
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def area_save(*, area: ActionArea, by, reason: str = "") -> ActionArea:
    if area.pk is None:
        last = ActionArea.objects.filter(organisation=area.organisation).aggregate(
            m=Max("order")
        )["m"]
        area.order = (last or 0) + 10
    return _save(area, by=by, reason=reason or _("saved"))


@transaction.atomic
def area_delete(*, area: ActionArea, by) -> None:
    if area.actions.exists():
        raise ValidationError(
            _("The area still has %(count)d actions. Move or delete them first.")
            % {"count": area.actions.count()},
            code="has_actions",
        )
    area._history_user = by
    area._change_reason = _("deleted")
    area.delete()


@transaction.atomic
def area_move(*, area: ActionArea, up: bool, by) -> None:
    siblings = list(
        ActionArea.objects.select_for_update().filter(organisation=area.organisation)
    )
    _swap(siblings, area, up, by)


@transaction.atomic
def action_save(*, action: Action, by, reason: str = "", m2m=None) -> Action:
    """Create or change an action; a new one goes last in its area."""
    if action.pk is None:
        last = Action.objects.filter(area=action.area).aggregate(m=Max("order"))["m"]
        action.order = (last or 0) + 10
    if action.status == ActionStatus.DONE and action.done_on is None:
        action.done_on = timezone.localdate()
    _save(action, by=by, reason=reason or _("saved"))
    if m2m is not None:
        m2m()
    return action


@transaction.atomic
def action_set_status(*, action: Action, status: str, note: str, by) -> Action:
    """Change the status, with a follow-up note kept on the action and as the
    history's reason."""
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
    action.follow_up = f"{action.follow_up}\n{entry}".strip()
    return _save(action, by=by, reason=note[:100])


@transaction.atomic
def action_move(*, action: Action, up: bool, by) -> None:
    """Move an action up or down among the actions of its area and period."""
    siblings = list(
        Action.objects.select_for_update().filter(
            area=action.area, start_year=action.start_year, end_year=action.end_year
        )
    )
    _swap(siblings, action, up, by)


@transaction.atomic
def action_delete(*, action: Action, by) -> None:
    action._history_user = by
    action._change_reason = _("deleted")
    action.delete()


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
            _save(sibling, by=by, reason=_("reordered"))
