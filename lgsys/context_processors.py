from lgsys import registry
from lgsys.models import Membership


def organisation(request):
    """The header's organisation switcher and the navigation of the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    items = registry.menu_items(membership) if membership else []
    return {
        "memberships": Membership.objects.for_user(user),
        "current_membership": membership,
        "current_organisation": getattr(request, "organisation", None),
        "menu": [
            (
                item,
                bool(item.active_prefix) and view_name.startswith(item.active_prefix),
            )
            for item in items
        ],
    }
