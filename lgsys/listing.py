"""List pages: a free-text search, sortable columns and pagination that keep the
other query parameters."""

from dataclasses import dataclass
from functools import cache

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 50


@dataclass(frozen=True)
class SortColumn:
    key: str  # the value of ?sort=
    label: str
    ordering: tuple[str, ...]  # order_by() fields, ascending


def sort_queryset(
    request: HttpRequest, queryset: QuerySet, columns: list[SortColumn], default: str
) -> tuple[QuerySet, str]:
    """Order by ``?sort=key`` or ``?sort=-key``; unknown keys fall back to ``default``.

    Returns the ordered queryset and the sort value in effect. The primary key is
    always the last ordering field, so pages are stable.
    """
    wanted = request.GET.get("sort", default)
    by_key = {c.key: c for c in columns}
    descending = wanted.startswith("-")
    column = by_key.get(wanted.lstrip("-"))
    if column is None:
        wanted, descending = default, default.startswith("-")
        column = by_key[default.lstrip("-")]
    fields = [f"-{f}" if descending else f for f in column.ordering]
    return queryset.order_by(*fields, "-pk" if descending else "pk"), wanted


@cache
def with_search(filter_form: type[forms.Form]) -> type[forms.Form]:
    """``filter_form`` with the list's free-text search ``q`` as its first
    field: validated like the filters (a NUL byte, which PostgreSQL refuses in
    text, or more than 200 characters is an error shown on the page, not a
    query) and shown with them."""
    return type(
        f"{filter_form.__name__}WithSearch",
        (filter_form,),
        {
            "q": forms.CharField(
                label=_("Search"),
                max_length=200,
                required=False,
                widget=forms.SearchInput,
            ),
            "field_order": ["q"],
        },
    )


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a bad or too large ?page= gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without(request: HttpRequest, *keys: str) -> str:
    """The current query string without ``keys``, ready to append ``&key=...``."""
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""
