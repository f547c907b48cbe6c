"""Model fields of the core."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

TEXT_MAX_LENGTH = 10_000


class BoundedTextField(models.TextField):
    """A text field with a maximum length (``TEXT_MAX_LENGTH`` unless given): the
    form shows it and refuses longer input next to the field, and ``full_clean()``
    checks it too, so no write path stores more. (Django's own TextField passes
    max_length to the form only.)"""

    def __init__(self, *args, max_length: int = TEXT_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]
