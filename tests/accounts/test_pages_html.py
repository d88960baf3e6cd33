"""The account's new answers keep HTML's rules (the Nu HTML Checker)."""

import pytest
from django.test import Client

from tests.accounts.conftest import ask_for_link
from tests.accounts.test_honest_account import change_address, undo_path
from tests.nu import nu_errors

pytestmark = pytest.mark.django_db


def test_the_limited_and_undo_pages_pass_the_nu_checker(reader, smtp_sink, settings, tmp_path):
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (1, 3600)
    client = Client()
    ask_for_link(client, reader.email)
    pages = {"limited": client.post("/account/signin/resend/")}
    smtp_sink.clear()
    owner = Client()
    owner.force_login(reader)
    settings.ACCOUNTS_EMAILS_PER_ADDRESS = (5, 3600)
    path = undo_path(change_address(owner, reader, smtp_sink))
    pages["ask"] = Client().get(path)
    pages["done"] = Client().post(path)
    pages["used"] = Client().post(path)
    pages["bad"] = Client().get("/account/email/undo/nonsense/")
    for name, response in pages.items():
        assert response.status_code == 200, name
    errors = nu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
