"""Giving and revoking work without script: a press refused for its CSRF token comes back as the
same button, with a token, and one more press does it (core.sendagain)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from masthead.accounts.models import Member
from masthead.sharing.models import GiftLink
from tests import factories

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PRESS_AGAIN = "Please press the button again to confirm."


@pytest.fixture
def strict(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(Member.objects.create_user("strict@example.com"))
    return client


def press(client, url, token):
    return client.post(url, {"csrfmiddlewaretoken": token}, headers={"Origin": SITE})


def test_a_gift_refused_for_its_token_is_made_with_one_more_press(strict, demo):
    article = factories.make_article(paragraphs=["One.", "Two.", "Three.", "Four."])
    url = reverse("sharing:give", args=[article.pk])
    refused = press(strict, url, "stale")
    assert refused.status_code == 403 and PRESS_AGAIN in refused.content.decode()
    assert "Create a gift link" in refused.content.decode()
    assert not GiftLink.objects.exists()
    done = press(strict, url, TOKEN.search(refused.content.decode())[1])
    assert done.status_code == 302 and GiftLink.objects.count() == 1


def test_a_revoke_refused_for_its_token_revokes_with_one_more_press(strict, demo):
    article = factories.make_article(paragraphs=["One.", "Two.", "Three.", "Four."])
    press(strict, reverse("sharing:give", args=[article.pk]), "stale")  # gets the cookie
    token = TOKEN.search(strict.get(reverse("sharing:give", args=[article.pk])).content.decode())[1]
    press(strict, reverse("sharing:give", args=[article.pk]), token)
    gift = GiftLink.objects.get()
    url = reverse("sharing:revoke", args=[gift.pk])
    refused = press(strict, url, "stale")
    assert refused.status_code == 403 and PRESS_AGAIN in refused.content.decode()
    gift.refresh_from_db()
    assert gift.revoked_at is None
    done = press(strict, url, TOKEN.search(refused.content.decode())[1])
    assert done.status_code == 302
    gift.refresh_from_db()
    assert gift.revoked_at is not None
