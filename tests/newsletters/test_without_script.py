"""The sign-up form refused for its CSRF token (a page open too long, a cookie the browser
did not keep) comes back with the address; one more press sends the confirmation."""

import re

from django.test import Client

from masthead.newsletters.models import Subscription

SITE = "http://testserver"


def test_a_sign_up_without_a_valid_token_comes_back_and_one_more_press_sends_it(daily, smtp_sink):
    visitor = Client(enforce_csrf_checks=True)
    typed = {"email": "visitor@example.com", "newsletter": daily.slug}
    response = visitor.post(
        "/newsletters/subscribe/",
        {**typed, "csrfmiddlewaretoken": "stale"},
        headers={"Origin": SITE},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please press the button again to confirm." in html
    assert 'value="visitor@example.com"' in html
    assert not Subscription.objects.exists()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = visitor.post(
        "/newsletters/subscribe/", {**typed, "csrfmiddlewaretoken": token}, headers={"Origin": SITE}
    )
    assert b"Check your email" in response.content
    assert smtp_sink.wait_for(1)["To"] == "visitor@example.com"
