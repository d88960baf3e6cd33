"""Small WordPress exports written for a test, and the theme test export's own numbers read
from the file itself (with ElementTree), so no count is written down by hand."""

import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

THEME_EXPORT = (
    Path(__file__).resolve().parents[3] / "shared/wordpress/themeunittestdata.wordpress.xml"
)
WP = "{https://wordpress.org/export/1.2/}"
EXCERPT = "{https://wordpress.org/export/1.2/excerpt/}encoded"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def theme_items():
    """Every <item> of the theme export as {field: text}, its comments as a list of dicts."""
    items = []
    for item in ET.parse(THEME_EXPORT).getroot().iter("item"):
        data = {
            child.tag.replace(WP, ""): (child.text or "")
            for child in item
            if child.tag.startswith(WP)
        }
        data["title"] = item.findtext("title") or ""
        data["link"] = item.findtext("link") or ""
        data["content"] = item.findtext(CONTENT) or ""
        data["excerpt"] = item.findtext(EXCERPT) or ""
        data["meta"] = {
            m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value") or ""
            for m in item.findall(f"{WP}postmeta")
        }
        data["comments"] = [
            {c.tag.replace(WP, ""): (c.text or "") for c in comment}
            for comment in item.findall(f"{WP}comment")
        ]
        items.append(data)
    return items


def write_media(folder, relative_paths):
    """Real JPEGs at the paths the export names under wp-content/uploads."""
    for index, relative in enumerate(relative_paths):
        path = Path(folder) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (640, 480), (40 + index * 30 % 200, 90, 140)).save(path, "JPEG")
    return folder


HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Small Paper</title>
<link>https://paper.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://paper.example</wp:base_site_url>
<wp:base_blog_url>https://paper.example</wp:base_blog_url>
<wp:author><wp:author_id>7</wp:author_id><wp:author_login>dana</wp:author_login>
 <wp:author_email>dana@paper.example</wp:author_email><wp:author_display_name><![CDATA[Dana Levi]]></wp:author_display_name>
 <wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>politics</wp:category_nicename>
 <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[Politics]]></wp:cat_name></wp:category>
"""


def post(
    wp_id,
    slug,
    title,
    body,
    *,
    status="publish",
    date="2024-03-01 08:00:00",
    modified="2024-03-02 09:30:00",
    extra="",
    post_type="post",
):
    return f"""<item><title>{title}</title><link>https://paper.example/2024/03/01/{slug}/</link>
<dc:creator>dana</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_modified>{modified}</wp:post_modified><wp:post_modified_gmt>{modified}</wp:post_modified_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>{post_type}</wp:post_type><wp:is_sticky>0</wp:is_sticky>
<category domain="category" nicename="politics"><![CDATA[Politics]]></category>{extra}</item>
"""


def attachment(wp_id, parent, relative, caption, extra=""):
    return f"""<item><title>Photo {wp_id}</title><link>https://paper.example/?attachment_id={wp_id}</link>
<dc:creator>dana</dc:creator><content:encoded><![CDATA[]]></content:encoded>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded><wp:post_id>{wp_id}</wp:post_id>
<wp:post_date>2024-03-01 07:00:00</wp:post_date><wp:post_date_gmt>2024-03-01 07:00:00</wp:post_date_gmt>
<wp:post_name>photo-{wp_id}</wp:post_name><wp:status>inherit</wp:status><wp:post_parent>{parent}</wp:post_parent>
<wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://paper.example/wp-content/uploads/{relative}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[Alt of {wp_id}]]></wp:meta_value></wp:postmeta>
{extra}</item>
"""


def export(*items):
    return HEAD + "".join(items) + "</channel>\n</rss>\n"
