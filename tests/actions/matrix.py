from tests.actions.factories import make_action, make_area
from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, READ, Entry


def _action(org, users):
    return {"pk": make_action(org).pk}


def _area(org, users):
    return {"pk": make_area(org).pk}


MATRIX = {
    "actions:plan": Entry(get=READ),
    "actions:action_detail": Entry(get=READ, kwargs=_action),
    "actions:action_create": Entry(get=COORDINATOR, post=COORDINATOR),
    "actions:action_edit": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_action),
    "actions:action_status": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_action),
    "actions:action_delete": Entry(
        get=COORDINATOR, post=COORDINATOR_REDIRECT, kwargs=_action
    ),
    "actions:action_move_up": Entry(post=COORDINATOR_REDIRECT, kwargs=_action),
    "actions:action_move_down": Entry(post=COORDINATOR_REDIRECT, kwargs=_action),
    "actions:area_create": Entry(get=COORDINATOR, post=COORDINATOR),
    "actions:area_edit": Entry(get=COORDINATOR, post=COORDINATOR, kwargs=_area),
    "actions:area_delete": Entry(
        get=COORDINATOR, post=COORDINATOR_REDIRECT, kwargs=_area
    ),
    "actions:area_move_up": Entry(post=COORDINATOR_REDIRECT, kwargs=_area),
    "actions:area_move_down": Entry(post=COORDINATOR_REDIRECT, kwargs=_area),
}
