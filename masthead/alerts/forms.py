from django import forms

from . import services
from .models import EVERYONE, Alert

TTL_CHOICES = [
    (900, "15 minutes"),
    (3600, "1 hour"),
    (4 * 3600, "4 hours"),
    (12 * 3600, "12 hours"),
    (24 * 3600, "24 hours"),
]


class AlertForm(forms.Form):
    """What an editor sends: headline and text (prefilled from the story), audience, urgency."""

    title = forms.CharField(
        label="Headline",
        max_length=services.TITLE_MAX,
        help_text=f"Up to {services.TITLE_MAX} characters; phones show about 50.",
    )
    body = forms.CharField(
        label="Text",
        max_length=services.BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {services.BODY_MAX} characters; phones show about 120.",
    )
    audience_mode = forms.ChoiceField(
        label="Audience",
        choices=[(EVERYONE, "Everyone subscribed"), ("topics", "Readers of chosen topics")],
        widget=forms.RadioSelect,
        initial=EVERYONE,
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Readers who chose all breaking news get topic alerts too.",
    )
    urgency = forms.ChoiceField(
        choices=Alert.Urgency.choices,
        initial=Alert.Urgency.HIGH,
        help_text="High is for breaking news: delivered at once, even in quiet hours.",
    )
    ttl = forms.TypedChoiceField(
        label="Keep trying for",
        choices=TTL_CHOICES,
        coerce=int,
        initial=3600,
        help_text="A phone that is offline longer than this never gets the alert.",
    )
    confirm_repeat = forms.BooleanField(
        label="Yes, send another alert so soon", required=False, widget=forms.CheckboxInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [c for c in services.audience_choices() if c[0] != EVERYONE]

    def clean(self):
        data = super().clean()
        if data.get("audience_mode") == "topics" and not data.get("topics"):
            self.add_error("topics", "Choose at least one topic, or send to everyone.")
        return data

    @property
    def audience(self):
        if self.cleaned_data.get("audience_mode") == "topics":
            return list(self.cleaned_data["topics"])
        return [EVERYONE]
