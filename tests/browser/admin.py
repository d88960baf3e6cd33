"""What every browser test of the admin starts with: a member of staff signs in."""

import re


def sign_in(page, site, account="editor"):
    """Sign in to the admin with a demo account, by the labels the sign-in page shows."""
    staff = site["credentials"][account]
    page.goto(site["url"] + "/admin/login/")
    page.get_by_label("Email").fill(staff["email"])
    page.get_by_label("Password").fill(staff["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def add_story(page, kind="Article"):
    """*Add child page* in the open section, then the kind of story, as an editor chooses it
    from Wagtail's list of page types."""
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name=re.compile(f"^{kind}")).click()


def open_section(page, title):
    """Pages menu, the front page's children, then the section: as an editor clicks."""
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="View child pages of 'Masthead'").click()
    page.get_by_role("link", name=title, exact=True).first.click()
