import re
from datetime import date

from django import template
from django.urls import reverse
from django.utils.functional import Promise

register = template.Library()


@register.simple_tag(takes_context=True)
def org_url(context, view_name: str, *args, **kwargs) -> str:
    """``{% org_url "classification:asset_detail" asset.pk %}``: reverse a URL of
    the current organisation without passing its code around."""
    code = context["request"].organisation.code
    if kwargs:
        return reverse(view_name, kwargs={"org_code": code, **kwargs})
    return reverse(view_name, args=(code, *args))


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
