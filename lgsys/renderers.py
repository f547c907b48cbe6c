"""The form renderer: Django's own, except that a select's options, and the
boxes of a group of checkboxes or radio buttons, are written in Python instead
of through one template include per option.

A select of an organisation's 1,000 information assets or 3,000 risks cost
about 150 ms through the templates (issue 18), the 240 findings' checkboxes of
an action's decision 40 ms; the markup written here is the same, character for
character, as Django's ``select.html``, ``select_option.html``,
``multiple_input.html``, ``input_option.html``, ``input.html`` and
``attrs.html`` (tests/test_renderers.py compares them). A widget with other
templates is rendered by the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# A group of boxes, and the template of each of its options.
BOXES = {
    "django/forms/widgets/checkbox_select.html": (
        "django/forms/widgets/checkbox_option.html"
    ),
    "django/forms/widgets/radio.html": "django/forms/widgets/radio_option.html",
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            if template_name == SELECT and _plain_options(widget, OPTION):
                return mark_safe(_select(widget, Context(autoescape=True)))
            if template_name in BOXES and _plain_options(widget, BOXES[template_name]):
                return mark_safe(_boxes(widget, Context(autoescape=True)))
        return super().render(template_name, context, request=request)


def _plain_options(widget, template_name) -> bool:
    return all(
        option.get("template_name") == template_name
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


def _boxes(widget: dict, context) -> str:
    """``multiple_input.html`` with ``input_option.html`` for each option."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_shown(attrs["id"], context)}"')
    if attrs.get("class"):
        parts.append(f' class="{_shown(attrs["class"], context)}"')
    parts.append(">")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_shown(group_name, context)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_box(option, context)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _box(option: dict, context) -> str:
    """``checkbox_option.html`` or ``radio_option.html``: ``input_option.html``
    with ``input.html``."""
    field = (
        f'<input type="{_shown(option["type"], context)}" '
        f'name="{_shown(option["name"], context)}"'
    )
    if option["value"] is not None:
        field += f' value="{_as_string(option["value"], context)}"'
    # Each template file ends with a newline, kept where it is included:
    # input.html's, then input_option.html's and checkbox_option.html's.
    field += f"{_attrs(option['attrs'], context)}>\n"
    if option.get("wrap_label"):
        target = option["attrs"].get("id")
        label_for = f' for="{_shown(target, context)}"' if target else ""
        field = f"<label{label_for}>{field} {_shown(option['label'], context)}</label>"
    return field + "\n\n"
