from lgsys import registry
from lgsys.city.session import city_levels
from lgsys.models import Membership


def organisation(request):
    """The header's organisation switcher and the navigation of the current one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    # A city page (lgsys.permissions.city_view) shows the city's menu, never an
    # organisation's.
    city_membership = getattr(request, "city_membership", None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if city_membership is not None:
        items = registry.city_menu_items(city_membership)
    else:
        items = registry.menu_items(membership) if membership else []
    menu = [
        (item, bool(item.active_prefix) and view_name.startswith(item.active_prefix))
        for item in items
    ]
    return {
        "memberships": Membership.objects.for_user(user),
        "city_levels": city_levels(request),
        "current_city_membership": city_membership,
        "current_city": getattr(request, "city", None),
        "current_membership": membership,
        "current_organisation": getattr(request, "organisation", None),
        "menu": menu,
        "menu_groups": menu_groups(menu),
        "menu_current": next((item for item, active in menu if active), None),
    }


def menu_groups(menu) -> list[dict]:
    """The menu's (item, active) pairs by group, in MENU_GROUPS order; the
    ungrouped ones first, a group without items left out."""
    keys = ["", *(key for key, _label in registry.MENU_GROUPS)]
    labels = dict(registry.MENU_GROUPS)
    groups = []
    for key in keys:
        entries = [(item, active) for item, active in menu if item.group == key]
        if entries:
            groups.append(
                {
                    "key": key,
                    "label": labels.get(key, ""),
                    "items": entries,
                    "active": any(active for _item, active in entries),
                }
            )
    known = set(keys)
    strays = [(item, active) for item, active in menu if item.group not in known]
    if strays:  # an unknown group's links are not lost
        groups.append({"key": "", "label": "", "items": strays, "active": False})
    return groups
