"""The live page's edit form."""

from masthead.access.models import AccessLevel
from masthead.news.admin.page_forms import ArticleForm


class LivePageForm(ArticleForm):
    """A new live page is free to read unless the editor chooses otherwise: breaking news
    is where a site earns its readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.initial.get("access_level"):
            self.initial["access_level"] = AccessLevel.FREE
