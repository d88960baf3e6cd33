"""Choosers for topics and authors in the article form: searchable, with a tab to add a new
one, built on Wagtail's snippet chooser viewsets (the many-to-many topics field uses them
through admin/widgets.py's SnippetsChooser). A topic or author added there is a real
one, its slug (hence its public page) made from its name (taxonomy.SluggedByName)."""

from wagtail.snippets.views.chooser import SnippetChooserViewSet


class AddableChooserViewSet(SnippetChooserViewSet):
    """The snippet chooser, with a tab to add a new one by its name."""

    form_fields = ["name"]


class TopicChooserViewSet(AddableChooserViewSet):
    choose_one_text = "Choose a topic"
    creation_tab_label = "Add a new topic"
    create_action_label = "Add topic"


class AuthorChooserViewSet(AddableChooserViewSet):
    form_fields = ["name", "job_title"]
    choose_one_text = "Choose an author"
    creation_tab_label = "Add a new author"
    create_action_label = "Add author"
