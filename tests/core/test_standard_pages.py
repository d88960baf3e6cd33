import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_terms_the_sign_in_box_links_to_exist(client, demo):
    """The consent line links to TERMS_URL; the demo publishes that page."""
    response = client.get(settings.TERMS_URL)
    assert response.status_code == 200
    assert "Terms and conditions" in response.content.decode()
    assert "one-click unsubscribe" in response.content.decode()
