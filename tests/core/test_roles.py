"""The newsroom's roles: groups made by migration, one demo account each, printed by the
demo command."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupApprovalTask

from masthead.accounts.models import Member
from masthead.demo.services import credentials_file
from masthead.newsroom import roles
from masthead.wordpress.models import MissingPhoto
from tests import factories

pytestmark = pytest.mark.django_db

DEMO = {
    "editor": roles.EDITOR_IN_CHIEF,
    "desk": roles.EDITOR,
    "reporter": roles.REPORTER,
    "picture": roles.PICTURE_DESK,
    "moderator": roles.MODERATOR,
}


def test_wagtails_default_groups_became_the_newsrooms():
    """Only the five roles exist: Wagtail's Moderators and Editors were renamed, not kept
    beside a Moderator who may not publish."""
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ROLES)


def test_whoever_publishes_approves():
    """The approval step goes to the editors and the editor-in-chief, nobody else."""
    task = GroupApprovalTask.objects.get(active=True)
    assert set(task.groups.values_list("name", flat=True)) == {
        roles.EDITOR,
        roles.EDITOR_IN_CHIEF,
    }


def test_the_demo_has_one_account_per_role_each_in_its_group_alone(demo):
    """Each demo account is staff, in its own role's group and no other."""
    for username, role in DEMO.items():
        member = Member.objects.get(email=f"{username}@masthead.localhost")
        assert member.is_staff
        assert list(member.groups.values_list("name", flat=True)) == [role], username


def test_the_demo_command_prints_every_account_with_its_role(demo, capsys):
    """`masthead demo` (what make run calls) prints each account, its role and password,
    as kept in the data folder."""
    call_command("demo", "--quiet")
    printed = capsys.readouterr().out
    stored = json.loads(credentials_file().read_text())
    for username, role in DEMO.items():
        account = stored[username]
        line = next(line for line in printed.splitlines() if account["email"] in line)
        assert f"({role})" in line and account["password"] in line


@pytest.mark.parametrize(
    "role, may_follow",
    [
        (roles.EDITOR_IN_CHIEF, True),
        (roles.EDITOR, True),
        (roles.PICTURE_DESK, False),
        (roles.MODERATOR, False),
    ],
)
def test_only_editors_follow_the_alerts(client, staff, role, may_follow):
    """The Alerts menu and the alerts' pages are the editors' (and the editor-in-chief's):
    the picture desk and the moderators neither see the menu nor open the list."""
    client.force_login(staff(role))
    home = client.get("/admin/").content.decode()
    listing = client.get("/admin/alerts/")
    assert ('"Alerts"' in home or ">Alerts<" in home) is may_follow
    assert (listing.status_code == 200) is may_follow


@pytest.mark.parametrize(
    "role, settles",
    [
        (roles.EDITOR_IN_CHIEF, True),
        (roles.EDITOR, True),
        (roles.PICTURE_DESK, True),
        (roles.REPORTER, False),
        (roles.MODERATOR, False),
    ],
)
def test_the_picture_desk_settles_the_photos_an_import_could_not_get(client, staff, role, settles):
    """Missing photos (a WordPress import's) are the picture desk's and the editors': they
    find the menu, open the list and mark a row resolved; the others see none of it."""
    photo = factories.make_photo()
    row = MissingPhoto.objects.create(
        source_site="https://old.example",
        wp_id=7,
        file_url="https://old.example/wp-content/uploads/harbour.jpg",
        reason="no --media-dir or --media-from given",
        image=photo,
        found_at="2026-12-01T10:00:00Z",
    )
    client.force_login(staff(role))
    home = client.get("/admin/").content.decode()
    assert ("Missing photos" in home) is settles
    listing = client.get("/admin/wordpress/missing-photos/")
    assert (listing.status_code == 200) is settles
    if settles:
        assert "harbour.jpg" in listing.content.decode()
        edit = f"/admin/wordpress/missing-photos/edit/{row.pk}/"
        saved = client.post(edit, {"resolved_at": "2026-12-07 12:00"})
        assert saved.status_code == 302, saved.content.decode()[:2000]
        row.refresh_from_db()
        assert row.resolved_at is not None
