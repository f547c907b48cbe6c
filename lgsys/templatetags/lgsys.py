from django import template
from django.urls import reverse

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
