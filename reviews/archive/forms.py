import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reviews.archive.services import MAX_VERIFY_BYTES, PDF_MAGIC
from reviews.models import ArchivedReport

SHA256_RE = re.compile(r"^[0-9a-fA-F]{64}$")


class VerifyForm(forms.Form):
    """Either a PDF file or a SHA-256 checksum."""

    file = forms.FileField(
        label=_("PDF file"),
        required=False,
        help_text=_("The report's PDF, at most 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    sha256 = forms.CharField(
        label=_("or its SHA-256 checksum"),
        required=False,
        max_length=200,
        help_text=_("64 hexadecimal characters."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_VERIFY_BYTES:
            raise ValidationError(_("The file is larger than 50 MB."), code="too_big")
        head = upload.read(len(PDF_MAGIC))
        if head != PDF_MAGIC:
            raise ValidationError(
                _("The file is not a PDF. Choose the report's PDF file."),
                code="not_pdf",
            )
        upload.seek(0)
        return upload

    def clean_sha256(self):
        value = "".join(self.cleaned_data.get("sha256", "").split())
        if value and not SHA256_RE.match(value):
            raise ValidationError(
                _("A SHA-256 checksum is 64 characters 0–9 and a–f."), code="bad_sha"
            )
        return value.lower()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        upload, sha = cleaned.get("file"), cleaned.get("sha256")
        if not upload and not sha:
            raise ValidationError(
                _("Choose a PDF file or paste a checksum."), code="empty"
            )
        if upload:
            digest = ArchivedReport.digest(b"".join(upload.chunks()))
            if sha and sha != digest:
                raise ValidationError(
                    _("The file's checksum is not the one you pasted."),
                    code="mismatch",
                )
            cleaned["sha256"] = digest
        return cleaned
