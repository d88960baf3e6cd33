"""The compose screen's form: what an entry says, typed, not assembled from blocks."""

from html import unescape

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks, strip_tags
from wagtail.images import get_image_model

from masthead.news.admin.widgets import PhotoChooser, SnippetsChooser
from masthead.news.blocks import require_credit
from masthead.news.models import Author

EMPTY = "Write the update, or add a photo, an embed or a quote."


class EntryForm(forms.Form):
    headline = forms.CharField(max_length=200, required=False)
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autofocus": True}),
        help_text="A blank line starts a new paragraph. Ctrl+Enter posts.",
    )
    photo = forms.ModelChoiceField(
        queryset=get_image_model().objects.all(), required=False, widget=PhotoChooser
    )
    caption = forms.CharField(
        required=False, help_text="Leave empty to use the photo's own caption."
    )
    embed_url = forms.URLField(
        label="Embed", required=False, help_text="A post or video address (X, YouTube…)."
    )
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    quote_by = forms.CharField(label="Quote by", max_length=200, required=False)
    authors = forms.ModelMultipleChoiceField(
        queryset=Author.objects.all(),
        required=False,
        widget=SnippetsChooser("news.Author", "Add an author"),
    )
    key_event = forms.BooleanField(
        label="Key event", required=False, help_text="Listed at the top for readers to jump to."
    )
    pinned = forms.BooleanField(
        required=False, help_text="Kept above the newest entries (unpins the one before)."
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        require_credit(photo)
        return photo

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("text", "photo", "embed_url", "quote")):
            raise ValidationError(EMPTY, code="empty")
        return data

    def body(self):
        """The entry's blocks, in reading order: text, photo, embed, quote."""
        data = self.cleaned_data
        blocks = [
            ("paragraph", linebreaks(escape(part)))
            for part in data["text"].replace("\r\n", "\n").split("\n\n")
            if part.strip()
        ]
        if data["photo"]:
            blocks.append(("image", {"image": data["photo"], "caption": data["caption"]}))
        if data["embed_url"]:
            blocks.append(("embed", data["embed_url"]))
        if data["quote"]:
            blocks.append(("pull_quote", {"quote": data["quote"], "attribution": data["quote_by"]}))
        return blocks

    def entry_values(self):
        data = self.cleaned_data
        return {
            "headline": data["headline"],
            "body": self.body(),
            "authors": data["authors"],
            "key_event": data["key_event"],
            "pinned": data["pinned"],
        }

    @classmethod
    def for_entry(cls, entry, data=None):
        """The form holding an entry as it is, to edit it."""
        initial = {
            "headline": entry.headline,
            "authors": list(entry.authors.all()),
            "key_event": entry.key_event,
            "pinned": entry.pinned,
        }
        paragraphs = []
        for block in entry.body:
            if block.block_type == "paragraph":
                paragraphs.append(_plain(block.value.source))
            elif block.block_type == "image":
                initial.update(photo=block.value["image"], caption=block.value["caption"])
            elif block.block_type == "embed":
                initial["embed_url"] = block.value.url
            elif block.block_type == "pull_quote":
                initial.update(quote=block.value["quote"], quote_by=block.value["attribution"])
        initial["text"] = "\n\n".join(paragraphs)
        return cls(data, initial=initial)


def _plain(html):
    """A paragraph's text as typed: `linebreaks` undone."""
    return unescape(strip_tags(html.replace("<br>", "\n")))
