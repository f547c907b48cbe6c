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
    dnr_serial = forms.IntegerField(
        label=_("Dnr serial"), min_value=1, max_value=10**9, required=False
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
        fields = ["dnr_serial", "contact_name", "contact_title"]


class SectionForm(VersionedModelForm):
    class Meta:
        model = ReviewSection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 18})}
