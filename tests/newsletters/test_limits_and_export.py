"""The anonymous subscribe form is rate limited; the account's data export lists the
member's newsletter subscriptions."""

import json

from django.test import Client

from masthead.accounts.models import Member
from masthead.newsletters.services import subscriptions


def ask(address, ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip).post(
        "/newsletters/subscribe/", {"email": address, "newsletter": "daily-edition"}
    )


def test_the_subscribe_form_stops_one_client_after_its_limit(daily, smtp_sink, settings):
    """Past the limit per client address the form answers 429 with a clear message and
    sends nothing; another client is unaffected."""
    settings.NEWSLETTERS_SUBSCRIBE_PER_IP = (3, 3600)
    for n in range(3):
        assert ask(f"reader{n}@example.com").status_code == 200
    refused = ask("reader3@example.com")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert b"Too many requests from here" in refused.content
    assert len(smtp_sink.messages) == 3
    assert ask("reader3@example.com", ip="198.51.100.1").status_code == 200
    assert len(smtp_sink.messages) == 4


def test_one_address_cannot_be_flooded_from_many_clients(daily, smtp_sink, settings):
    settings.NEWSLETTERS_SUBSCRIBE_PER_ADDRESS = (2, 86400)
    assert ask("victim@example.com", ip="198.51.100.1").status_code == 200
    assert ask("Victim@Example.com", ip="198.51.100.2").status_code == 200
    assert ask("victim@example.com", ip="198.51.100.3").status_code == 429


def test_the_data_export_lists_newsletter_subscriptions(daily):
    member = Member.objects.create_user("exported@example.com")
    subscriptions.set_member_subscription(member, daily, True)
    client = Client()
    client.force_login(member)
    data = json.loads(client.get("/account/export.json").content)
    [entry] = data["newsletters"]
    assert entry["newsletter"] == "Daily Edition"
    assert entry["status"] == "subscribed"
    assert entry["confirmed_at"]
