from django import forms
from django.utils.translation import gettext_lazy as _

from lgsys.forms import VersionedModelForm
from lgsys.letterhead.logo import PNG, SVG
from lgsys.models import Organisation


class LetterheadForm(VersionedModelForm):
    """The municipality's name and a new logo, or none. The logo's bytes go to
    the service, which checks them (lgsys.letterhead.logo)."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG or SVG image of at most 200 kB, printed beside the "
            "municipality's name. Leave empty to keep the current logo."
        ),
        widget=forms.FileInput(attrs={"accept": f"{PNG},{SVG},.png,.svg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = ["municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.logo_type:
            del self.fields["remove_logo"]

    def clean_logo(self) -> bytes | None:
        upload = self.cleaned_data.get("logo")
        # The upload limit has bounded the body; the service checks the size.
        return upload.read() if upload else None
