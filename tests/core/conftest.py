import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def staff(db):
    """Make a staff member in one of the newsroom's roles (the groups its migrations made)."""
    from django.contrib.auth.models import Group

    from masthead.accounts.models import Member

    def make(role):
        slug = role.lower().replace(" ", "-")
        member = Member.objects.create_user(
            f"{slug}-{next(_numbers)}@newsroom.example",
            first_name=role.split()[0].title(),
            last_name="Staff",
            is_staff=True,
        )
        member.groups.add(Group.objects.get(name=role))
        return member

    return make
