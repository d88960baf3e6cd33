"""The photo form every image screen uses (upload, edit, multiple upload, the chooser's upload
tab): it asks for the caption and the credit where the photo comes in, and will not take a
photo without a credit, since a newsroom never prints one."""

from django import forms

from masthead.core.uploads import SafeImageForm

CREDIT_REQUIRED = "Add the credit: a photo is never printed without one."


class CreditField(forms.CharField):
    """Required, yet a credit the uploaded photo carries in its own metadata (IPTC, XMP, read
    when the file is cleaned, before it is stripped) fills it when left blank."""

    def fallback(self):
        return ""

    def clean(self, value):
        if not (value or "").strip():
            value = self.fallback() or value
        return super().clean(value)


def credit_field(label="Credit"):
    return CreditField(
        label=label,
        max_length=255,
        help_text='Who made the photo, e.g. "Amos Ben-Gershom/GPO". Printed beside it.',
        error_messages={"required": CREDIT_REQUIRED},
    )


def clean_credit(value):
    """The credit as printed: surrounding spaces dropped, blank refused."""
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(CREDIT_REQUIRED, code="required")
    return value


class CreditedImageForm(SafeImageForm):
    """Wagtail's image form (through `WAGTAILIMAGES_IMAGE_FORM_BASE`), credit required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "credit" in self.fields:
            self.fields["credit"] = credit_field()
            self.fields["credit"].fallback = lambda: self._embedded("credit")
        if "caption" in self.fields:
            self.fields["caption"].help_text = "What the photo shows, as printed under it."

    def _embedded(self, name):
        return getattr(self.fields.get("file"), f"embedded_{name}", "")

    def clean_credit(self):
        return clean_credit(self.cleaned_data.get("credit"))

    def clean_caption(self):
        return self.cleaned_data.get("caption") or self._embedded("caption")


class PhotoCreditForm(forms.Form):
    """The chooser's step for a photo that has no credit yet: give it one, then use it."""

    credit = credit_field()
    caption = forms.CharField(
        label="Caption",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the photo shows, as printed under it.",
    )

    def clean_credit(self):
        return clean_credit(self.cleaned_data.get("credit"))
