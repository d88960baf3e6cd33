"""WordPress attachments → photos with their alt text, caption and credit.

The file comes from a copy of `wp-content/uploads` (`--media-dir`) or from the old site
(`--media-from`: one request at a time, with timeouts, kept in the data folder so a second
run fetches nothing twice). When neither has it, the photo is made as a stand-in with its
caption and credit, and a `MissingPhoto` record tells the picture desk: nothing is dropped.
"""

import functools
import io
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.models import Collection

from masthead.core import clock
from masthead.news.models import NewsImage

from . import content
from .models import MissingPhoto

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".heic", ".tif", ".tiff"}
CREDIT_KEYS = ("_media_credit", "_credit", "credit", "_wp_attachment_credit", "photo_credit")
USER_AGENT = "Masthead WordPress import (+https://github.com/masthead)"
PAUSE = 0.2  # seconds between two requests to the old site


def relative_path(item):
    """Where the file sits under wp-content/uploads ("2008/06/canola2.jpg")."""
    attached = item["meta"].get("_wp_attached_file", "").strip().lstrip("/")
    if attached:
        return attached
    path = unquote(urlsplit(item.get("attachment_url", "")).path)
    if "/wp-content/uploads/" in path:
        return path.split("/wp-content/uploads/", 1)[1]
    return path.lstrip("/")


def credit_of(item, caption):
    """(caption, credit): the credit from a plugin's field, else from a trailing
    "(Name/Agency)" in the caption (taken off the caption then)."""
    for key in CREDIT_KEYS:
        if value := item["meta"].get(key, "").strip():
            return caption, value[:255]
    return content.trailing_credit(caption)


class Media:
    def __init__(self, media_dir=None, media_from=None, dry_run=False):
        self.media_dir = Path(media_dir) if media_dir else None
        self.media_from = media_from.rstrip("/") if media_from else None
        self.dry_run = dry_run
        self.cache_dir = Path(settings.DATA_DIR) / "imports" / "media"
        self.session = None
        self.last_request = 0.0
        self._collection_id = None

    def collection_id(self):
        """The photo library's root collection, asked once a run (as each new photo's
        default would ask again)."""
        if self._collection_id is None:
            self._collection_id = Collection.get_first_root_node().pk
        return self._collection_id

    def find(self, item):
        """(path of the file, None) or (None, why it could not be had)."""
        relative = relative_path(item)
        if not relative or ".." in Path(relative).parts:
            return None, "the export names no file"
        if self.media_dir:
            path = self.media_dir / relative
            if path.is_file():
                return path, None
            if not self.media_from:
                return None, f"not in {self.media_dir}"
        if self.media_from:
            return self._download(relative)
        return None, "no --media-dir or --media-from given; the old site was not asked"

    def _download(self, relative):
        # One folder per old site, its port included: two sites never share a file.
        site = urlsplit(self.media_from).netloc.replace(":", "_") or "site"
        target = self.cache_dir / site / relative
        if target.is_file():
            return target, None  # fetched by an earlier run
        if self.dry_run:
            return None, "not fetched in a dry run"
        if self.session is None:
            self.session = requests.Session()
            self.session.headers["User-Agent"] = USER_AGENT
        wait = self.last_request + PAUSE - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # polite: one request at a time, never a burst
        url = f"{self.media_from}/{relative}"
        partial = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            headers = {}
            if partial.exists():
                headers["Range"] = f"bytes={partial.stat().st_size}-"
            with self.session.get(url, headers=headers, timeout=(10, 60), stream=True) as answer:
                if answer.status_code not in (200, 206):
                    return None, f"{url} answered {answer.status_code}"
                mode = "ab" if answer.status_code == 206 else "wb"
                with partial.open(mode) as out:
                    for chunk in answer.iter_content(64 * 1024):
                        out.write(chunk)
            partial.rename(target)
            return target, None
        except (requests.RequestException, OSError) as error:
            return None, f"{url} could not be fetched ({type(error).__name__})"
        finally:
            self.last_request = time.monotonic()


STAND_IN_SIZE = (1200, 800)


@functools.cache
def stand_in():
    """A plain grey picture saying the photo is to come, made once per process (a large
    archive may have many thousands of missing photos)."""
    picture = Image.new("RGB", STAND_IN_SIZE, (222, 222, 222))
    ImageDraw.Draw(picture).text((40, 40), "Photo missing", fill=(90, 90, 90))
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=70)
    return data.getvalue()


def describe(item, image):
    """The attachment's words onto `image`: title, alt text, caption, credit, source."""
    caption = content.plain_text(item.get("excerpt", ""))
    caption, credit = credit_of(item, caption)
    image.title = (item.get("title") or "").strip()[:255] or file_name(item)
    image.description = item["meta"].get("_wp_attachment_image_alt", "").strip()[:255]
    image.caption = caption
    image.credit = credit
    image.source = item.get("attachment_url", "")[:255]


def file_name(item):
    return Path(relative_path(item)).name or f"wordpress-{item['post_id']}.jpg"


def readable(path):
    """A picture file's (width, height), or None when it is not one Masthead can read."""
    try:
        with Image.open(path) as probe:
            size = probe.size
            probe.verify()
    except Exception:  # noqa: BLE001 - any unreadable file is reported as such
        return None
    return size


def file_for(item, media):
    """(path, (width, height), None) of the attachment's file, or (None, None, why not)."""
    path, missing = media.find(item)
    if path is None:
        return None, None, missing
    size = readable(path)
    if size is None:
        return None, None, "the file is not a picture Masthead can read"
    return path, size, None


def new_photo(item, media):
    """An unsaved photo for a new attachment, its file (or the stand-in) already stored and
    its size known, so saving it many at a time (`bulk.write_photos`) decodes nothing:
    (image, missing reason or None)."""
    path, size, missing = file_for(item, media)
    if path is None:
        data, size, name = stand_in(), STAND_IN_SIZE, f"missing-{file_name(item)}.jpg"
    else:
        data, name = path.read_bytes(), file_name(item)
    collection = media.collection_id()
    field = NewsImage._meta.get_field("file")
    stored = field.storage.save(
        field.generate_filename(NewsImage(collection_id=collection), name), ContentFile(data)
    )
    # Given to the constructor, the stored file is not opened again to measure it.
    image = NewsImage(
        file=stored,
        collection_id=collection,
        width=size[0],
        height=size[1],
        file_size=len(data),
    )
    describe(item, image)
    return image, missing


def missing_photo(item, image, reason):
    """The picture desk's record of an attachment whose file could not be had (unsaved)."""
    return MissingPhoto(
        source_site=item["source_site"],
        wp_id=int(item["post_id"]),
        file_url=item.get("attachment_url", ""),
        reason=reason[:300],
        image=image,
        found_at=clock.now(),
    )


def photo(item, media, existing=None):
    """Make or update the photo for an attachment, one at a time (an attachment imported
    before): (image, missing reason or None)."""
    image = existing or NewsImage()
    describe(item, image)
    path, _, missing = file_for(item, media)
    has_real_file = (
        existing is not None
        and not MissingPhoto.objects.filter(image=existing, resolved_at__isnull=True).exists()
    )
    if path is not None and not (has_real_file and existing.file):
        with path.open("rb") as handle:
            image.file = ImageFile(io.BytesIO(handle.read()), name=file_name(item))
            image.file_size = None
            image.file_hash = ""
    elif path is None and not image.file:
        image.file = ImageFile(io.BytesIO(stand_in()), name=f"missing-{file_name(item)}.jpg")
    image.save()
    if path is None:
        row = missing_photo(item, image, missing)
        MissingPhoto.objects.update_or_create(
            source_site=row.source_site,
            wp_id=row.wp_id,
            defaults={f: getattr(row, f) for f in ("file_url", "reason", "image", "found_at")},
        )
    else:
        MissingPhoto.objects.filter(
            source_site=item["source_site"], wp_id=int(item["post_id"]), resolved_at=None
        ).update(resolved_at=clock.now())
    return image, missing


def is_photo(item):
    url = item.get("attachment_url", "") or item["meta"].get("_wp_attached_file", "")
    return Path(urlsplit(url).path).suffix.lower() in PHOTO_SUFFIXES
