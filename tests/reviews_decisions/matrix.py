from tests.actions.factories import make_action
from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, Entry


def _action(org, users):
    return {"action_pk": make_action(org).pk}


MATRIX = {
    # an empty form records "decided in no review" and goes back to the action
    "reviews:action_decision": Entry(
        get=COORDINATOR, post=COORDINATOR_REDIRECT, kwargs=_action
    ),
}
