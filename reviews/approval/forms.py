from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SEEN_SALT = "reviews.approval.seen"


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why is the review returned?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ApproveForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decision date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("Approving is a decision: confirm it with your password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
        strip=False,  # compared exactly as typed
    )

    def __init__(self, *args, password: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not password:
            # Confirmed at the city's identity provider instead (lgsys.stepup).
            del self.fields["password"]


class CommentForm(forms.Form):
    section_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=20
    )
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubmitForm(forms.Form):
    """The submission check's confirmation. ``seen`` carries the warnings the
    page showed (signed), so a warning that appeared meanwhile is shown before
    the review goes."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    confirmed = forms.BooleanField(label=_("I have seen the warnings"), required=False)

    def __init__(self, *args, warnings: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = sorted(warnings)
        self.fields["seen"].initial = signing.dumps(self.warnings, salt=SEEN_SALT)
        if not warnings:
            del self.fields["confirmed"]

    def clean(self):
        data = super().clean()
        try:
            seen = signing.loads(data.get("seen") or "", salt=SEEN_SALT)
        except signing.BadSignature:
            seen = None
        if seen != self.warnings:
            # Shown again with the warnings as they are now, to confirm those.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen")] = self.fields["seen"].initial
            self.data.pop(self.add_prefix("confirmed"), None)
            raise forms.ValidationError(
                _(
                    "The check found something new since the page was opened: "
                    "look at the warnings again."
                ),
                code="changed",
            )
        if self.warnings and not data.get("confirmed"):
            self.add_error("confirmed", _("Confirm that you have seen the warnings."))
        return data
