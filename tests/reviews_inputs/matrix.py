from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, READ, Entry
from tests.reviews_inputs.factories import FACTORIES


def _obj(name):
    return lambda org, users: {"pk": FACTORIES[name](org).pk}


MATRIX = {}
for _name in FACTORIES:
    MATRIX.update(
        {
            f"reviews:{_name}_list": Entry(get=READ),
            f"reviews:{_name}_detail": Entry(get=READ, kwargs=_obj(_name)),
            f"reviews:{_name}_create": Entry(get=COORDINATOR, post=COORDINATOR),
            f"reviews:{_name}_edit": Entry(
                get=COORDINATOR, post=COORDINATOR, kwargs=_obj(_name)
            ),
            f"reviews:{_name}_delete": Entry(
                get=COORDINATOR, post=COORDINATOR_REDIRECT, kwargs=_obj(_name)
            ),
        }
    )
