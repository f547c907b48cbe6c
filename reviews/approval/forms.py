from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class CommentForm(forms.Form):
    section_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=20
    )
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
