"""Credits for photos: which photos still lack one, and giving one."""

from django.db.models import Q

from .models import NewsImage


def has_credit(image):
    return bool((image.credit or "").strip())


def uncredited_photos():
    """Photos that cannot go into an article yet: no credit, or only spaces."""
    return NewsImage.objects.filter(Q(credit="") | Q(credit__regex=r"^\s+$"))


def credited_photos(queryset):
    return queryset.exclude(pk__in=uncredited_photos().values("pk"))


def add_credit(image, credit, caption=""):
    """Give `image` its credit (and a caption, when it has none) and save both."""
    image.credit = credit.strip()
    fields = ["credit"]
    if caption.strip() and not image.caption.strip():
        image.caption = caption.strip()
        fields.append("caption")
    image.save(update_fields=fields)
    return image
