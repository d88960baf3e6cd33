"""What every browser test of the admin starts with: a member of staff signs in."""


def sign_in(page, site, account="editor"):
    """Sign in to the admin with a demo account, by the labels the sign-in page shows."""
    staff = site["credentials"][account]
    page.goto(site["url"] + "/admin/login/")
    page.get_by_label("Email").fill(staff["email"])
    page.get_by_label("Password").fill(staff["password"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
