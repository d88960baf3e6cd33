"""The newsroom's roles as Wagtail groups, each with exactly the permissions its job needs.

Wagtail's default groups are renamed rather than left beside ours: its *Moderators* (who
publish) become *Editor* and its *Editors* (who cannot) become *Reporter*, so their members
keep what they could do and the admin never shows "Moderators" (who publish pages) next to
our *Moderator* (who moderates comments only).
"""

from django.db import migrations

# The permission tables are frozen here, as a migration must be; roles.py only names them.
EDITOR_IN_CHIEF = "Editor-in-chief"
EDITOR = "Editor"
REPORTER = "Reporter"
PICTURE_DESK = "Picture desk"
MODERATOR = "Moderator"

RENAMED = {"Moderators": EDITOR, "Editors": REPORTER}
APPROVAL_NAME = "Editor approval"
OLD_APPROVAL_NAME = "Moderators approval"


def _crud(app_label, *models, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


NEWSLETTERS = _crud("newsletters", "newsletter", "edition", "editionstory", "suppression")

ROLES = {
    # Every permission there is (the "everything" is filled in below), on every page and
    # collection.
    EDITOR_IN_CHIEF: {
        "permissions": "__all__",
        "pages": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
        "images": ["add", "change", "delete", "choose"],
        "documents": ["add", "change", "delete", "choose"],
    },
    EDITOR: {
        "permissions": [
            "wagtailadmin.access_admin",
            *_crud("news", "author", "topic"),
            *NEWSLETTERS,
            *_crud("alerts", "alert", actions=("add", "change", "view")),
            "comments.moderate_comment",
        ],
        "pages": ["add", "change", "publish", "lock", "unlock"],
        "images": ["add", "change", "delete", "choose"],
        "documents": ["add", "change", "delete", "choose"],
    },
    REPORTER: {
        "permissions": [
            "wagtailadmin.access_admin",
            *_crud("news", "author", "topic", actions=("add", "view")),
        ],
        # "add" covers editing one's own pages; "change" lets a reporter work on a colleague's
        # story too, as Wagtail's Editors could. Neither publishes: they submit for approval.
        "pages": ["add", "change"],
        "images": ["add", "choose"],
        "documents": ["add", "choose"],
    },
    PICTURE_DESK: {
        "permissions": ["wagtailadmin.access_admin"],
        "pages": [],
        "images": ["add", "change", "delete", "choose"],
        "documents": [],
    },
    MODERATOR: {
        "permissions": ["wagtailadmin.access_admin", "comments.moderate_comment"],
        "pages": [],
        "images": [],
        "documents": [],
    },
}


def _create_all_permissions(apps):
    """Permissions are otherwise made after migrating (post_migrate): make them now."""
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    _create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    for old, new in RENAMED.items():
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role["permissions"] == "__all__":
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([_permission(Permission, p) for p in role["permissions"]])

        GroupPagePermission.objects.filter(group=group).delete()
        if root_page is not None:
            for action in role["pages"]:
                GroupPagePermission.objects.create(
                    group=group,
                    page=root_page,
                    permission=_permission(Permission, f"wagtailcore.{action}_page"),
                )

        GroupCollectionPermission.objects.filter(group=group).delete()
        if root_collection is not None:
            for app_label, model, key in (
                ("wagtailimages", "image", "images"),
                ("wagtaildocs", "document", "documents"),
            ):
                for action in role[key]:
                    GroupCollectionPermission.objects.create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(Permission, f"{app_label}.{action}_{model}"),
                    )

    # Whoever publishes approves: the editors' approval step (Wagtail's "Moderators
    # approval", whose group is now Editor) goes to the editor-in-chief as well.
    editor = Group.objects.get(name=EDITOR)
    chief = Group.objects.get(name=EDITOR_IN_CHIEF)
    for task in GroupApprovalTask.objects.filter(groups=editor):
        task.groups.add(chief)
        if task.name == OLD_APPROVAL_NAME:
            task.name = APPROVAL_NAME
            task.save(update_fields=["name"])
    Workflow.objects.filter(name=OLD_APPROVAL_NAME).update(name=APPROVAL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
        ("accounts", "0004_encrypt_second_factor_secrets"),
        ("news", "0003_articlepage_access_level_alter_articlepage_body"),
        ("access", "0002_metering"),
        ("alerts", "0001_initial"),
        ("comments", "0002_moderators_moderate_comments"),
        ("newsletters", "0003_moderators_edit_newsletters"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
