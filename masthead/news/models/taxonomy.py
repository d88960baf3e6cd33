from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..admin.widgets import PhotoChooser


def unique_slug(model, name, exclude_pk=None):
    """A slug for `name` that no other row of `model` has: "iran", then "iran-2", "iran-3".

    ASCII only, as the topic and author addresses are; a name with no Latin letters gets the
    model's name ("topic-2").
    """
    field = model._meta.get_field("slug")
    base = (slugify(name) or model._meta.model_name)[: field.max_length - 4]
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


class SluggedByName(models.Model):
    """A name with its address: an empty slug is made from the name, unique in the table, so a
    topic or author added from the article form gets its public page at once."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class Author(index.Indexed, SluggedByName):
    """A person who writes for the site; articles credit one or more."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="The end of its page's address. Leave empty to make it from the name.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "news.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("job_title"),
        FieldPanel("bio"),
        FieldPanel("photo", widget=PhotoChooser),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:author", args=[self.slug])


class Topic(index.Indexed, SluggedByName):
    """A subject that runs across sections: a person, a place, a story."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="The end of its page's address. Leave empty to make it from the name.",
    )
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:topic", args=[self.slug])
