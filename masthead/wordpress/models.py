"""What an import from WordPress keeps: which WordPress item became which Masthead object,
the photos whose file could not be had, the comments brought over, and each run."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedItem(models.Model):
    """One WordPress item (post, page, attachment, category, tag, author) and what it became.

    Keyed by (source site, kind, WordPress id): a second run finds it and updates it, so
    nothing is added twice; `fingerprint` says whether the item changed since.
    """

    class Kind(models.TextChoices):
        POST = "post", "post"
        PAGE = "page", "page"
        ATTACHMENT = "attachment", "attachment"
        CATEGORY = "category", "category"
        TAG = "tag", "tag"
        AUTHOR = "author", "author"

    source_site = models.CharField(
        max_length=255, help_text="The WordPress site the export came from (its base URL)."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.BigIntegerField(help_text="The item's id in WordPress (term id for terms).")
    old_url = models.TextField(blank=True, help_text="Its address on the old site (<link>).")
    slug = models.CharField(max_length=255, blank=True, help_text="post_name or the term's slug.")
    source_url = models.TextField(blank=True, help_text="An attachment's file address.")
    photo_path = models.CharField(
        max_length=255,
        blank=True,
        db_index=True,
        help_text="An attachment's path under the uploads folder, without a size suffix: how "
        "stories' images are matched to it.",
    )
    parent_wp_id = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # What it became: a page (post, page, a category made a section), a photo, or another
    # object (author, topic) through the generic relation.
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "news.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_site", "kind", "wp_id"], name="wordpress_item_once"
            )
        ]
        indexes = [
            models.Index(fields=["source_site", "kind", "slug"]),
            # A batch of stories finds its attached photos by their parent post.
            models.Index(fields=["source_site", "kind", "parent_wp_id"]),
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id} from {self.source_site}"

    @property
    def new_object(self):
        """The page, photo or other object the item became (None when it is gone)."""
        if self.page_id:
            return self.page.specific
        if self.image_id:
            return self.image
        return self.content_object


class MissingPhoto(models.Model):
    """A WordPress photo whose file the import could not get. The story keeps its caption
    and credit on a stand-in photo; the picture desk uploads the real file to that photo."""

    source_site = models.CharField(max_length=255)
    wp_id = models.BigIntegerField()
    file_url = models.TextField(help_text="Where the file was on the old site.")
    reason = models.CharField(max_length=300)
    image = models.ForeignKey(
        "news.NewsImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The stand-in photo to give the real file to.",
    )
    found_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_site", "wp_id"], name="wordpress_missing_once")
        ]
        verbose_name = "missing photo"

    def __str__(self):
        return self.file_url.rsplit("/", 1)[-1] or self.file_url


class ImportedComment(models.Model):
    """An approved WordPress comment, kept with its thread, date and display name. The
    commenter's email is kept for the record only and never shown; no account is made.
    On a story it is published as a comment readers see (`comment`), with the name it had."""

    source_site = models.CharField(max_length=255)
    wp_id = models.BigIntegerField()
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author_name = models.CharField(max_length=255)
    author_email = models.CharField(max_length=255, blank=True, help_text="Private.")
    author_url = models.TextField(blank=True)
    created_at = models.DateTimeField()
    text = models.TextField()
    comment = models.OneToOneField(
        "comments.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The comment readers see under the story (none on a standard page).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_site", "wp_id"], name="wordpress_comment_once")
        ]
        ordering = ["created_at", "wp_id"]

    def __str__(self):
        return f"{self.author_name} on {self.page_id}"


class ImportRun(models.Model):
    """One `masthead import wordpress`: its file, its counts, its report, and the follow-up
    tasks (search index, renditions, reference index) the worker works through."""

    source_site = models.CharField(max_length=255, blank=True)
    file_name = models.TextField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    report_path = models.TextField(blank=True)
    tasks_total = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Import of {self.file_name} at {self.started_at:%Y-%m-%d %H:%M}"
