from tests.letterhead.factories import SVG_LOGO, set_logo
from tests.matrix import COORDINATOR, READ, Entry


def _with_logo(org, users):
    set_logo(org, users["coordinator"], SVG_LOGO)
    return {}


MATRIX = {
    # an empty POST lacks the version the form showed: refused on the form (200)
    "letterhead": Entry(get=COORDINATOR, post=COORDINATOR),
    "letterhead_logo": Entry(get=READ, kwargs=_with_logo),
}
