"""Names readers set are stored without bidirectional controls or invisible characters,
wherever they are set, and shown isolated (<bdi>)."""

import pytest
from django.test import Client

from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db

SPOOF = "Eve\u202egnp.exe\u200b\u00ad\u2060\ufeff\u200e\u200f\u061c\u2066\u2069"


@pytest.fixture
def member():
    return Member.objects.create_user("names@example.com", display_name="Before")


@pytest.fixture
def signed_in(member):
    client = Client()
    client.force_login(member)
    return client


def test_the_account_page_saves_a_clean_name(signed_in, member):
    """The display name typed on the account page loses every control and invisible
    character, and the page shows the name isolated."""
    response = signed_in.post("/account/profile/", {"display_name": SPOOF}, follow=True)
    member.refresh_from_db()
    assert member.display_name == "Evegnp.exe"
    assert "<bdi>Evegnp.exe</bdi>" in response.content.decode()


def test_any_save_of_a_member_cleans_their_names(member):
    """The model cleans the names however they are set (the admin, a provider, a script):
    display name, first and last name."""
    member.display_name = SPOOF
    member.first_name = "A\u202eB"
    member.last_name = "C\u200bD\nE"
    member.save()
    member.refresh_from_db()
    assert (member.display_name, member.first_name, member.last_name) == (
        "Evegnp.exe",
        "AB",
        "CD E",
    )


def test_names_in_right_to_left_scripts_and_emoji_are_kept():
    """Cleaning removes what cannot be seen, not writing: Arabic, Hebrew, Persian with its
    zero-width non-joiner, and an emoji family joined by zero-width joiners stay whole."""
    from masthead.core.text import clean_name

    for name in ("سارا", "דנה", "می\u200cخواهم", "\U0001f468\u200d\U0001f469\u200d\U0001f467"):
        assert clean_name(name) == name
