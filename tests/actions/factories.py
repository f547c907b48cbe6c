from itertools import count

from actions.models import Action, ActionArea

_seq = count(1)


def make_area(org, **fields) -> ActionArea:
    n = next(_seq)
    fields.setdefault("title", f"Område {n}")
    fields.setdefault("order", n * 10)
    return ActionArea.objects.create(organisation=org, **fields)


def make_action(org, area=None, **fields) -> Action:
    n = next(_seq)
    area = area or make_area(org)
    fields.setdefault("text", f"Åtgärd {n}")
    fields.setdefault("start_year", 2024)
    fields.setdefault("end_year", fields["start_year"])
    fields.setdefault("order", n * 10)
    return Action.objects.create(organisation=org, area=area, **fields)
