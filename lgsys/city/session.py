"""The city levels a user may switch to, kept in their session at login.

The header's switcher is on every page; reading the city memberships there would
cost every page a query. They are read once, when the user logs in (a city role
given later shows in the switcher from the next login; the city's own pages ask
the database every time, through ``city_view``)."""

from django.contrib.auth.signals import user_logged_in

from lgsys.models import CityMembership

SESSION_KEY = "city_levels"


def remember_city_levels(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = [
        [m.municipality.code, m.municipality.name]
        for m in CityMembership.objects.for_user(user)
    ]


def city_levels(request) -> list[tuple[str, str]]:
    """(code, name) of the city levels the user had at login."""
    session = getattr(request, "session", None)
    levels = session.get(SESSION_KEY, []) if session is not None else []
    return [(code, name) for code, name in levels]


def connect() -> None:
    user_logged_in.connect(remember_city_levels, dispatch_uid="lgsys-city-levels")
