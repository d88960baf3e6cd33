"""The newsroom's roles: Wagtail groups made by this app's migrations.

The names are what the admin shows under Settings → Groups; what each role may do is set by
the migrations (0001_roles), which every later permission grant should follow.
"""

EDITOR_IN_CHIEF = "Editor-in-chief"
EDITOR = "Editor"
REPORTER = "Reporter"
PICTURE_DESK = "Picture desk"
MODERATOR = "Moderator"

ROLES = (EDITOR_IN_CHIEF, EDITOR, REPORTER, PICTURE_DESK, MODERATOR)
