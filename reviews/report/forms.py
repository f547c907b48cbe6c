from django import forms
from django.utils.translation import gettext_lazy as _

from lgsys.forms import VersionedModelForm
from reviews.models import ManagementReview, ReviewSection


class ReviewCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Review year"), min_value=2000, max_value=2100)
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            ("copy", _("The previous review's text")),
            ("outline", _("The empty outline")),
        ],
        initial="copy",
        widget=forms.RadioSelect,
    )
    dnr = forms.CharField(
        label=_("Dnr"),
        max_length=40,
        required=False,
        help_text=ManagementReview._meta.get_field("dnr").help_text,
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=200, required=False
    )
    contact_title = forms.CharField(
        label=_("Contact's title"), max_length=200, required=False
    )


class ReviewHeaderForm(VersionedModelForm):
    class Meta:
        model = ManagementReview
        fields = ["dnr", "data_date", "contact_name", "contact_title"]
        widgets = {
            "data_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }


class SectionForm(VersionedModelForm):
    class Meta:
        model = ReviewSection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 18})}
