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
