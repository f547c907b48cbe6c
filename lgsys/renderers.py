"""The form renderer: Django's own, except that a select's options are written
in Python instead of through one template include per option.

A select of an organisation's 1,000 information assets or 3,000 risks cost
about 150 ms through the templates (issue 18); the markup written here is the
same, character for character, as Django's ``select.html``, ``select_option.html``
and ``attrs.html`` (tests/test_renderers.py compares them). A widget with
other templates is rendered by the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is None or not _plain_options(widget):
            return super().render(template_name, context, request=request)
        return mark_safe(_select(widget, Context(autoescape=True)))


def _plain_options(widget) -> bool:
    return all(
        option.get("template_name") == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def _shown(value, context) -> str:
    """``{{ value }}`` (a string needs no localising: escaped unless safe)."""
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else escape(value)
    return render_value_in_context(value, context)


def _as_string(value, context) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = stringformat(value, "s")
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text, context)


def _attrs(attrs: dict, context) -> str:
    """``attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_shown(name, context)}")
        if value is not True:
            parts.append(f'="{_as_string(value, context)}"')
    return "".join(parts)


def _select(widget: dict, context) -> str:
    """``select.html`` with ``select_option.html`` for each option."""
    parts = [f'<select name="{_shown(widget["name"], context)}"']
    parts.append(f"{_attrs(widget['attrs'], context)}>")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name, context)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_as_string(option["value"], context)}"'
                f"{_attrs(option['attrs'], context)}>"
                f"{_shown(option['label'], context)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)
