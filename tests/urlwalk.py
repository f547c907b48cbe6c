"""Walk every URL pattern of the project, so that a new page is covered by the
walking tests without anyone having to list it."""

import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route when unnamed
    route: str  # e.g. "<org:org_code>/register/assets/<int:pk>/"
    callback: object
    converters: dict  # parameter -> converter class name

    @property
    def params(self) -> set[str]:
        return set(self.converters)

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:")

    def url(self, **values) -> str:
        """The route with each parameter filled: ``values`` first, then a dummy."""
        path = self.route
        for param, conv in self.converters.items():
            value = values.get(param)
            if value is None:
                value = {
                    "IntConverter": "999999",
                    "UUIDConverter": str(uuid.UUID(int=1)),
                    "OrganisationCodeConverter": "ZZZ",
                }.get(conv, "x")
            for token in (f"<{param}>", *(f"<{t}:{param}>" for t in _TYPES)):
                path = path.replace(token, str(value))
        return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


_TYPES = ("int", "str", "slug", "uuid", "path", "org")


def _walk(patterns, prefix="", namespace="", converters=None):
    converters = converters or {}
    for p in patterns:
        route = str(p.pattern)
        convs = {
            **converters,
            **{
                k: type(v).__name__
                for k, v in getattr(p.pattern, "converters", {}).items()
            },
        }
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + route, ns, convs)
        elif isinstance(p, URLPattern):
            full = prefix + route
            name = f"{namespace}{p.name or full}"
            yield Route(name=name, route=full, callback=p.callback, converters=convs)


def all_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if "(?P<" not in r.route]


def regex_routes() -> list[Route]:
    """Routes written as regexes (only Django's admin has them)."""
    return [r for r in _walk(get_resolver().url_patterns) if "(?P<" in r.route]
