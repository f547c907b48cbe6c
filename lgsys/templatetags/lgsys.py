import re
from datetime import date
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise

register = template.Library()

# Stands for the i-th id when a URL is reversed once per view and organisation;
# the real ids are then put in its place (a reverse costs some 40 µs: a page of
# 50 rows with five links each paid 10 ms for them).
_SENTINEL = 987_654_321_987


@register.simple_tag(takes_context=True)
def org_url(context, view_name: str, *args, **kwargs) -> str:
    """``{% org_url "classification:asset_detail" asset.pk %}``: reverse a URL of
    the current organisation without passing its code around."""
    code = context["request"].organisation.code
    if kwargs:
        return reverse(view_name, kwargs={"org_code": code, **kwargs})
    if args and all(type(a) is int and a >= 0 for a in args):
        parts = _url_parts(
            view_name,
            code,
            len(args),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
        )
        if parts is not None:
            pieces = [parts[0]]
            for arg, part in zip(args, parts[1:], strict=True):
                pieces += [str(arg), part]
            return "".join(pieces)
    return reverse(view_name, args=(code, *args))


@lru_cache(maxsize=4096)
def _url_parts(view_name, code, arity, prefix, urlconf) -> tuple[str, ...] | None:
    """The URL of ``view_name`` for ``code`` cut where its ``arity`` integer
    arguments go (None when they do not each show once, as themselves)."""
    sentinels = [str(_SENTINEL + i) for i in range(arity)]
    url = reverse(view_name, args=(code, *(int(s) for s in sentinels)))
    parts = []
    for sentinel in sentinels:
        if url.count(sentinel) != 1:
            return None
        head, url = url.split(sentinel)
        parts.append(head)
    return (*parts, url)


@register.filter
def cell(value):
    """A value as a list cell shows it: dates as ISO, yes/no, a dash for nothing."""
    from django.utils.translation import gettext as _

    from lgsys.display import moment_or_day

    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    shown = moment_or_day(value)
    return value if shown is None else shown


@register.simple_tag(takes_context=True)
def full_history_url(context, obj) -> str:
    """The record's page in the change-history browser, for members who may
    browse it ("" for the others, and for a record without history)."""
    from lgsys.models import Capability

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if obj is None or membership is None or not membership.can(Capability.VIEW_HISTORY):
        return ""
    if not hasattr(obj._meta, "simple_history_manager_attribute"):
        return ""
    return reverse(
        "history_object",
        args=[request.organisation.code, obj._meta.label_lower, obj.pk],
    )


@register.simple_tag
def verify_url() -> str:
    """Where anyone checks that a PDF is an approved review, as an address to
    print (the decided PDF names it): the site's address and /verifiera/."""
    from django.conf import settings

    return getattr(settings, "LGSYS_BASE_URL", "").rstrip("/") + reverse("verify")


# What a table must not wrap: a date or moment (with a note after it), a level
# triple or quadruple such as "3-2-3" and its heading "K-R-T".
_KEPT_TOGETHER = re.compile(
    r"^(\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?(\s.*)?|[^\s-]{1,4}(-[^\s-]{1,4}){2,3})$"
)


@register.filter
def keep_together(value) -> bool:
    """True for a value whose line must not break ("2023-10-02", "3-2-3"): a
    table cell gets ``white-space: nowrap`` (class "nowrap") for it."""
    if isinstance(value, date):
        return True
    if isinstance(value, Promise):  # a translated label
        value = str(value)
    return isinstance(value, str) and bool(_KEPT_TOGETHER.match(value.strip()))
