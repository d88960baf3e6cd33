"""Staff keep password sign-in to the admin, throttled; readers never reach it."""

import pytest
from django.test import Client

from masthead.accounts.models import Member

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import Permission

    member = Member.objects.create_user("desk@example.com", PASSWORD, is_staff=True)
    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return member


def admin_login(client, email, password):
    return client.post("/admin/login/", {"username": email, "password": password})


def test_staff_sign_in_to_the_admin_with_a_password(client, staff):
    response = admin_login(client, staff.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_reader_never_reaches_the_admin(client, reader):
    """Signed in with a link, a reader asking for the admin is turned away."""
    client.force_login(reader)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_reader_with_a_password_cannot_use_it(client):
    """Even a reader who somehow has a password cannot sign in with it."""
    Member.objects.create_user("reader2@example.com", PASSWORD)
    admin_login(client, "reader2@example.com", PASSWORD)
    assert "_auth_user_id" not in client.session


def test_failed_admin_sign_ins_are_throttled(staff):
    """After five failures for an account even the right password is refused for a while."""
    for n in range(5):
        admin_login(Client(REMOTE_ADDR=f"10.1.0.{n}"), staff.email, "wrong password!")
    client = Client(REMOTE_ADDR="10.1.0.99")
    response = admin_login(client, staff.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_failed_admin_sign_ins_are_throttled_per_ip(staff, settings):
    settings.ACCOUNTS_ADMIN_FAILURES_PER_IP = (3, 900)
    for n in range(3):
        admin_login(Client(REMOTE_ADDR="10.2.0.1"), f"nobody{n}@example.com", "x")
    client = Client(REMOTE_ADDR="10.2.0.1")
    admin_login(client, staff.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    elsewhere = Client(REMOTE_ADDR="10.2.0.2")
    admin_login(elsewhere, staff.email, PASSWORD)
    assert "_auth_user_id" in elsewhere.session


def test_a_staff_member_signed_in_by_link_still_needs_the_password_for_the_admin(
    client, staff, smtp_sink
):
    """Reading the staff inbox is not enough: the admin asks for the password, which then
    opens it in the same session."""
    from tests.smtp import find_link

    client.post("/account/signin/", {"email": staff.email})
    client.get(find_link(smtp_sink.wait_for(1)).removeprefix("http://testserver"))
    assert client.session["_auth_user_id"] == str(staff.pk)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
    login_page = client.get("/admin/login/")
    assert login_page.status_code == 200
    assert b'name="password"' in login_page.content
    admin_login(client, staff.email, PASSWORD)
    assert client.get("/admin/").status_code == 200
