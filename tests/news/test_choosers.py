"""Topics and authors from the article form: searchable choosers with a tab to add a new one,
which makes a real topic or author with its own public page."""

import json
import re

import pytest
from django.urls import reverse

from masthead.news.models import Author, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def chooser_url(model, step="choose"):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(step))


def modal_json(response):
    assert response.status_code == 200, response.content[:500]
    return json.loads(response.content)


def listed_names(html):
    return {
        re.sub(r"\s+", " ", name).strip()
        for name in re.findall(r"<a[^>]*data-chooser-modal-choice[^>]*>([^<]+)</a>", html)
    }


def test_topic_chooser_finds_topics_by_search(desk):
    """Typing part of a topic's name in the chooser lists that topic and not the others."""
    html = desk.get(chooser_url(Topic, "choose_results") + "?q=syr").content.decode()
    names = listed_names(html)
    assert "Syria" in names
    assert "Iran" not in names


def test_author_chooser_finds_authors_by_search(desk):
    """The author chooser searches by name."""
    html = desk.get(chooser_url(Author, "choose_results") + "?q=miriam").content.decode()
    names = listed_names(html)
    assert names == {"Miriam Katz"}


def test_topic_chooser_offers_to_add_a_new_topic(desk):
    """The topic chooser has a tab to add a new topic, by its name."""
    html = modal_json(desk.get(chooser_url(Topic)))["html"]
    assert "Add a new topic" in html
    assert 'name="name"' in html


def test_adding_a_topic_in_the_chooser_makes_a_real_topic_with_a_page(desk, client):
    """A topic added from the chooser is chosen at once, gets a unique slug from its name and
    its own public page; the same name again gets the next free slug."""
    answer = modal_json(desk.post(chooser_url(Topic, "create"), {"name": "Haifa port strike"}))
    assert answer["step"] == "chosen"
    topic = Topic.objects.get(pk=answer["result"]["id"])
    assert (topic.name, topic.slug) == ("Haifa port strike", "haifa-port-strike")
    assert answer["result"]["string"] == "Haifa port strike"

    page = client.get(reverse("news:topic", args=[topic.slug]))
    assert page.status_code == 200
    assert "Haifa port strike" in page.content.decode()

    again = modal_json(desk.post(chooser_url(Topic, "create"), {"name": "Haifa port strike"}))
    assert Topic.objects.get(pk=again["result"]["id"]).slug == "haifa-port-strike-2"


def test_adding_a_topic_without_a_name_is_refused(desk):
    """An empty name is refused in the chooser with the form shown again."""
    before = Topic.objects.count()
    answer = modal_json(desk.post(chooser_url(Topic, "create"), {"name": ""}))
    assert answer["step"] == "reshow_creation_form"
    assert "This field is required" in answer["htmlFragment"]
    assert Topic.objects.count() == before


def test_adding_an_author_in_the_chooser_makes_a_real_author_with_a_page(desk, client):
    """An author added from the chooser has a slug from the name and a public page."""
    answer = modal_json(
        desk.post(
            chooser_url(Author, "create"), {"name": "Noa Levi", "job_title": "Haifa reporter"}
        )
    )
    assert answer["step"] == "chosen"
    author = Author.objects.get(pk=answer["result"]["id"])
    assert author.slug == "noa-levi"
    assert client.get(reverse("news:author", args=["noa-levi"])).status_code == 200


def test_article_form_chooses_topics_and_authors_with_choosers(desk, demo):
    """The article form shows the story's topics as chosen items with an Add a topic button
    (no checkbox per topic), and its authors as a chooser panel."""
    seed = demo["seed"]
    html = desk.get(reverse("wagtailadmin_pages:edit", args=(seed.pk,))).content.decode()
    assert 'type="checkbox" name="topics"' not in html
    assert "data-snippets-chooser" in html and "Add a topic" in html
    for topic in seed.topics.all():
        assert re.search(
            rf'<option value="{topic.pk}" selected>{re.escape(topic.name)}</option>', html
        )
    assert "new MultipleChooserPanel" in html and "Add authors" in html


def article_form_data(form, **fields):
    """What the article form posts when the editor filled `fields` and nothing else."""
    data = {}
    for formset in form.formsets.values():
        for field in formset.management_form:
            data[field.html_name] = field.value() or 0
    data.update({"body-count": 0, "title": "A story", "slug": "a-story", "standfirst": "S."})
    data.update(fields)
    return data


def test_article_needs_an_author_without_an_empty_author_row(editor):
    """A new article's form has no empty author row (authors come from the chooser), and one
    saved without an author is refused with the reason; with one it is accepted."""
    from masthead.news.admin.page_forms import NO_AUTHOR
    from masthead.news.models import ArticlePage, SectionPage

    section = SectionPage.objects.get(slug="world")
    form_class = ArticlePage.get_edit_handler().get_form_class()
    blank = form_class(instance=ArticlePage(), for_user=editor, parent_page=section)
    assert blank.formsets["bylines"].total_form_count() == 0

    syria = Topic.objects.get(slug="syria")
    refused = form_class(
        article_form_data(blank, topics=[syria.pk]),
        instance=ArticlePage(),
        for_user=editor,
        parent_page=section,
    )
    assert not refused.is_valid()
    assert NO_AUTHOR in refused.non_field_errors()

    staff = Author.objects.get(slug="staff")
    data = article_form_data(blank, topics=[syria.pk])
    data.update({"bylines-TOTAL_FORMS": 1, "bylines-0-author": staff.pk, "bylines-0-ORDER": 1})
    accepted = form_class(data, instance=ArticlePage(), for_user=editor, parent_page=section)
    assert accepted.is_valid(), (accepted.errors, accepted.formsets["bylines"].errors)
    assert list(accepted.cleaned_data["topics"]) == [syria]
