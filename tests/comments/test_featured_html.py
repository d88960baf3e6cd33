"""The comments page with a featured comment keeps HTML's rules (the Nu HTML Checker)."""

import pytest
from django.test import Client

from masthead.comments import services
from tests.nu import nu_errors

from .conftest import make_member

pytestmark = pytest.mark.django_db


def test_a_page_with_a_featured_comment_passes_the_nu_checker(
    article, reader, other, editor, tmp_path
):
    featured = services.post_comment(reader, article, "Featured words.")
    services.post_comment(other, article, "A reply to it.", parent=featured)
    services.feature(featured, editor)
    member = Client()
    member.force_login(make_member("third@example.com", name="Third"))
    pages = {}
    for name, client in (("anonymous", Client()), ("member", member)):
        pages[name] = client.get(f"/comments/{article.pk}/")
        assert pages[name].content.decode().count("Featured words.") == 1
    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
