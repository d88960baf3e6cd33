"""The article's edit form."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

NO_AUTHOR = "Add at least one author: every story has a byline."


class ArticleForm(WagtailAdminPageForm):
    """At least one author, checked here rather than by the bylines panel's `min_num`, which
    would show a new article an empty author row beside the ones its chooser adds."""

    def clean(self):
        cleaned_data = super().clean()
        bylines = self.formsets.get("bylines")
        if bylines is not None and bylines.is_valid():
            kept = [
                form
                for form in bylines.forms
                if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
            ]
            if not kept:
                self.add_error(None, ValidationError(NO_AUTHOR, code="no_author"))
        return cleaned_data
