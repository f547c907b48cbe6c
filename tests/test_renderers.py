"""The form renderer writes a select's options in Python (issue 18: a select of
1,000 assets cost 150 ms through one template include per option); its markup
is Django's own, character for character."""

from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lgsys.models import Organisation
from lgsys.renderers import FormRenderer

CHOICES = [
    ("", "Välj …"),
    (1, "Ett <&> \"citat\" 'apostrof'"),
    ("2", mark_safe("<b>säker</b>")),
    ("Grupp & <namn>", [("a", "A"), (3, gettext_lazy("Yes"))]),
    (Decimal("1.5"), Decimal("2.25")),
    (None, 7),
]


class Every(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    marked = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.Select(
            attrs={"class": "x<y", "data-on": True, "hidden": False, "size": 3}
        ),
    )
    yes_no = forms.NullBooleanField()
    organisation = forms.ModelChoiceField(Organisation.objects.all())
    organisations = forms.ModelMultipleChoiceField(Organisation.objects.all())


class Boxes(forms.Form):
    """Groups of checkboxes and radio buttons (``multiple_input.html``)."""

    ticks = forms.MultipleChoiceField(
        choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    styled = forms.MultipleChoiceField(
        choices=CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "x<y", "data-on": True, "hidden": False}
        ),
    )
    organisations = forms.ModelMultipleChoiceField(
        Organisation.objects.all(), widget=forms.CheckboxSelectMultiple
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "2", "many": ["1", "a", "1.5"], "marked": "", "yes_no": "true"},
    ],
)
def test_a_select_reads_as_djangos_own(org, other_org, data, language):
    if data is not None:
        data = {**data, "organisation": str(org.pk), "organisations": [org.pk]}
    with translation.override(language):
        for name in Every.base_fields:
            ours = Every(data, initial={"plain": 1}, renderer=FormRenderer())
            theirs = Every(data, initial={"plain": 1}, renderer=DjangoTemplates())
            ours, theirs = ours[name].as_widget(), theirs[name].as_widget()
            assert ours == theirs, name
            assert "<option" in ours


def test_the_project_uses_it(settings):
    assert settings.FORM_RENDERER == "lgsys.renderers.FormRenderer"
    form = Every()
    assert isinstance(form.renderer, FormRenderer)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {"ticks": ["1", "a", "1.5"], "one": "2", "styled": ["", "3"]}],
)
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_a_group_of_boxes_reads_as_djangos_own(org, other_org, data, language, auto_id):
    if data is not None:
        data = {**data, "organisations": [org.pk]}
    with translation.override(language):
        for name in Boxes.base_fields:
            ours = Boxes(data, auto_id=auto_id, renderer=FormRenderer())
            theirs = Boxes(data, auto_id=auto_id, renderer=DjangoTemplates())
            ours, theirs = ours[name].as_widget(), theirs[name].as_widget()
            assert ours == theirs, name
            assert "<input" in ours and "<select" not in ours
