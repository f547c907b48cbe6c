from tests.classification.factories import FACTORIES
from tests.matrix import COORDINATOR, COORDINATOR_REDIRECT, READ, Entry, expect

# Information owners may add classifications (of their own assets).
OWNER_TOO = expect(302, 200, 403, 403, 200, 404, 404)


def _obj(name):
    return lambda org, users: {"pk": FACTORIES[name](org).pk}


MATRIX = {
    "classification:heatmap": Entry(get=READ),
    "classification:import_template": Entry(get=READ),
    "classification:asset_import": Entry(get=COORDINATOR, post=COORDINATOR),
}
for _name in FACTORIES:
    MATRIX.update(
        {
            f"classification:{_name}_list": Entry(get=READ),
            f"classification:{_name}_detail": Entry(get=READ, kwargs=_obj(_name)),
            f"classification:{_name}_create": Entry(
                get=OWNER_TOO if _name == "classification" else COORDINATOR,
                post=OWNER_TOO if _name == "classification" else COORDINATOR,
            ),
            f"classification:{_name}_edit": Entry(
                get=COORDINATOR, post=COORDINATOR, kwargs=_obj(_name)
            ),
            f"classification:{_name}_delete": Entry(
                get=COORDINATOR, post=COORDINATOR_REDIRECT, kwargs=_obj(_name)
            ),
        }
    )
