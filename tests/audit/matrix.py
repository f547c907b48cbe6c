from lgsys.models import Membership
from tests.matrix import HISTORY, Entry


def _membership(org, users):
    membership = Membership.objects.filter(organisation=org).first()
    return {"kind": "lgsys.membership", "pk": membership.pk}


MATRIX = {
    "history_timeline": Entry(get=HISTORY),
    "history_as_of": Entry(get=HISTORY),
    "history_object": Entry(get=HISTORY, kwargs=_membership),
}
