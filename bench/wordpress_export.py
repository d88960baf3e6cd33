"""A WordPress export (WXR) of N posts, written by WordPress's own exporter, for bench/import.py.

    .venv/bin/python -m bench.wordpress_export --posts 100000          # cached: prints the path
    .venv/bin/python -m bench.wordpress_export --posts 1000 --fill php   # wp_insert_post instead

WordPress is the peer of ../shared/peers (install_wordpress.sh: Debian's wordpress, php and
MariaDB). This site is its own: host `wxr-bench.example` (its configuration in
/etc/wordpress/config-wxr-bench.example.php), database `wp_wxr_bench`, dropped and installed
again (wp_install() through the php CLI) before each fill, with the permalinks
`/%year%/%monthnum%/%day%/%postname%/`. It gets N posts, each with a featured photo (an
attachment with a caption ending in a credit, alt text and a file under wp-content/uploads),
one or two categories (some nested), up to four tags, an author among N/2000, and 0 to 3
comments (replies threaded, some spam); some posts are drafts, scheduled or sticky; a few
pages. The same seeded content either way:

- `--fill sql` (the default): bulk INSERTs into wp_users, wp_terms, wp_term_taxonomy,
  wp_posts, wp_postmeta, wp_term_relationships and wp_comments, piped into `mysql`;
- `--fill php`: `wp_insert_post`, `wp_insert_attachment`, `wp_insert_comment` in one php
  process (WordPress's own API: slower, for comparison).

Then `export_wp()` (wp-admin/includes/export.php, what Tools → Export runs) through the php
CLI writes the file. The file is kept in var/bench-import/ (MASTHEAD_BENCH_CACHE) with the
times it took (`wordpress-<N>.json`); a second call returns it at once (`--refresh` rebuilds).
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("MASTHEAD_BENCH_CACHE", ROOT / "var" / "bench-import"))
PEERS = Path(os.environ.get("MASTHEAD_PEERS", ROOT.parent / "shared" / "peers"))
HOST = "wxr-bench.example"
DATABASE = "wp_wxr_bench"
CONFIG = Path(f"/etc/wordpress/config-{HOST}.php")
WP = Path("/usr/share/wordpress")
FIRST_ID = 1000  # posts and their photos from here; wp_install's own sample rows are deleted


def php_script(body):
    """A php CLI script that boots WordPress's configuration for this site's host."""
    boot = (
        f"<?php\n$_SERVER['HTTP_HOST'] = '{HOST}';\n$_SERVER['REQUEST_URI'] = '/';\n"
        "$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';\n"
    )
    return boot + body


INSTALL_PHP = php_script(
    """define('WP_INSTALLING', true);
function wp_new_blog_notification() {}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$r = wp_install('Export Bench News', 'admin', 'admin@wxr-bench.example', true, '', '%s');
global $wpdb;
foreach (['posts', 'postmeta', 'comments', 'commentmeta', 'term_relationships'] as $t) {
    $wpdb->query("DELETE FROM {$wpdb->$t}");
}
$wpdb->query("DELETE FROM {$wpdb->terms} WHERE term_id > 1");
$wpdb->query("DELETE FROM {$wpdb->term_taxonomy} WHERE term_id > 1");
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%%year%%/%%monthnum%%/%%day%%/%%postname%%/');
update_option('timezone_string', 'UTC');
echo "installed\\n";
"""
)

# After the fill, whichever way: the sticky posts (an option) and the terms' counts.
FINISH_PHP = php_script(
    """require '/usr/share/wordpress/wp-load.php';
update_option('sticky_posts', array_map('intval', json_decode($argv[1])));
global $wpdb;
$wpdb->query("UPDATE {$wpdb->term_taxonomy} tt SET count = (SELECT COUNT(*)
    FROM {$wpdb->term_relationships} tr WHERE tr.term_taxonomy_id = tt.term_taxonomy_id)");
echo "finished\\n";
"""
)

EXPORT_PHP = php_script(
    """require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
export_wp(['content' => 'all']);
"""
)

# One post per line of JSON (the same content as the SQL fill), through WordPress's API.
FILL_PHP = php_script(
    """require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
wp_defer_term_counting(true);
wp_defer_comment_counting(true);
$data = json_decode(file_get_contents($argv[1]), true);
$users = [];
foreach ($data['authors'] as $a) {
    $users[$a['login']] = wp_insert_user(['user_login' => $a['login'], 'user_pass' => 'x',
        'user_email' => $a['email'], 'display_name' => $a['name'], 'first_name' => $a['first'],
        'last_name' => $a['last'], 'role' => 'author']);
}
$terms = [];
foreach ($data['terms'] as $t) {
    $parent = $t['parent'] ? $terms[$t['parent']] : 0;
    $r = wp_insert_term($t['name'], $t['taxonomy'], ['slug' => $t['slug'], 'parent' => $parent]);
    $terms[$t['slug']] = $r['term_id'];
}
$n = 0;
$fh = fopen($argv[2], 'r');
while (($line = fgets($fh)) !== false) {
    $p = json_decode($line, true);
    $id = wp_insert_post(['post_title' => $p['title'], 'post_name' => $p['slug'],
        'post_content' => $p['content'], 'post_status' => $p['status'], 'post_type' => $p['type'],
        'post_author' => $users[$p['author']], 'post_date' => $p['date'],
        'post_date_gmt' => $p['date'], 'post_modified' => $p['modified'],
        'post_modified_gmt' => $p['modified'], 'post_parent' => 0], true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\\n"); exit(1); }
    $cats = array_map(fn($s) => $terms[$s], $p['categories']);
    if ($cats) wp_set_post_terms($id, $cats, 'category');
    if ($p['tags']) wp_set_post_terms($id, $p['tags'], 'post_tag');
    if ($p['photo']) {
        $ph = $p['photo'];
        $att = wp_insert_attachment(['post_title' => $ph['title'], 'post_name' => $ph['slug'],
            'post_excerpt' => $ph['caption'], 'post_content' => '',
            'post_mime_type' => 'image/jpeg', 'guid' => $ph['url'], 'post_date' => $p['date'],
            'post_date_gmt' => $p['date'], 'post_author' => $users[$p['author']]],
            $ph['file'], $id, true);
        update_post_meta($att, '_wp_attachment_image_alt', $ph['alt']);
        set_post_thumbnail($id, $att);
    }
    $ids = [];
    foreach ($p['comments'] as $c) {
        $ids[] = wp_insert_comment(['comment_post_ID' => $id, 'comment_author' => $c['author'],
            'comment_author_email' => $c['email'], 'comment_date' => $c['date'],
            'comment_date_gmt' => $c['date'], 'comment_content' => $c['content'],
            'comment_approved' => $c['approved'],
            'comment_parent' => $c['parent'] === null ? 0 : $ids[$c['parent']]]);
    }
    if (++$n % 1000 == 0) fwrite(STDERR, "  php fill: $n\\n");
}
wp_defer_term_counting(false);
wp_defer_comment_counting(false);
echo "filled $n\\n";
"""
)


def say(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


# --- the content, seeded ---------------------------------------------------------------

WORDS = (
    "coalition minister border talks budget court ruling council water harbour strike rail "
    "hospital election envoy ceasefire tariffs market energy drought school housing ferry "
    "mayor inquiry vote reform protest airport bridge grid pension harvest storm museum "
    "festival trial verdict treaty summit aid refugee exports crops fleet satellite vaccine"
).split()
FIRST = "Maya Daniel Noa Omar Leah Yosef Sara Elias Tamar Karim Ruth Ilan Dana Amir Hila".split()
LAST = "Cohen Haddad Levi Mansour Katz Azoulay Peretz Nasser Friedman Biton Shapiro Dahan".split()
AGENCIES = ["GPO", "Reuters", "AP", "AFP", "Flash90", "Staff"]
TOP_CATEGORIES = [
    "World", "Middle East", "Politics", "Business", "Technology", "Opinion",
    "Culture", "Sport", "Science", "Health", "Education", "Environment",
]  # fmt: skip


def vocabulary_sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def site_plan(posts, seed="masthead-wxr-bench"):
    """Authors, categories (a few nested) and tags for an export of `posts` posts."""
    rng = random.Random(seed)
    authors = []
    for k in range(max(3, posts // 2000)):
        first, last = FIRST[k % len(FIRST)], LAST[(k * 7) % len(LAST)]
        login = f"{first}.{last}.{k}".lower()
        authors.append(
            {
                "login": login,
                "email": f"{login}@wxr-bench.example",
                "name": f"{first} {last}",
                "first": first,
                "last": last,
            }
        )
    terms = []
    for name in TOP_CATEGORIES:
        terms.append({"taxonomy": "category", "name": name, "slug": slugify(name), "parent": ""})
    for name in TOP_CATEGORIES[:4]:
        for child in ("Analysis", "Explainers", "Live"):
            terms.append(
                {
                    "taxonomy": "category",
                    "name": f"{name} {child}",
                    "slug": slugify(f"{name} {child}"),
                    "parent": slugify(name),
                }
            )
    tags = sorted({" ".join(rng.sample(WORDS, 2)) for _ in range(max(20, posts // 200))})
    terms += [{"taxonomy": "post_tag", "name": t, "slug": slugify(t), "parent": ""} for t in tags]
    return {"authors": authors, "terms": terms}


def slugify(text):
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def post_items(posts, plan, seed="masthead-wxr-bench"):
    """Every post (and a few pages) with its photo and comments, oldest first."""
    rng = random.Random(seed + "-posts")
    categories = [t["slug"] for t in plan["terms"] if t["taxonomy"] == "category"]
    tags = [t["name"] for t in plan["terms"] if t["taxonomy"] == "post_tag"]
    start = datetime(2012, 1, 1, tzinfo=UTC)
    step = (datetime(2026, 11, 1, tzinfo=UTC) - start) / max(posts, 1)
    pages = max(5, posts // 10_000)
    for i in range(posts + pages):
        is_page = i >= posts
        date = start + step * (i if not is_page else i - posts)
        words = [rng.choice(WORDS) for _ in range(5)]
        title = " ".join(words).capitalize() + ("" if i % 50 else " — “quoted” & ‘more’")
        paragraphs = [
            vocabulary_sentence(rng, rng.randint(25, 45)) for _ in range(rng.randint(3, 7))
        ]
        content = "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs
        )
        if i % 3 == 0:
            heading = vocabulary_sentence(rng, 4)
            content += f"\n\n<!-- wp:heading -->\n<h2>{heading}</h2>\n<!-- /wp:heading -->"
        status = "publish"
        if not is_page and i % 97 == 0:
            status = "draft"
        elif not is_page and i == posts - 1:
            status = "future"
            date = datetime(2027, 6, 1, tzinfo=UTC)
        author = plan["authors"][rng.randrange(len(plan["authors"]))]["login"]
        slug = f"{slugify(' '.join(words))}-{i}"
        photo = None
        if not is_page:
            year_month = date.strftime("%Y/%m")
            photographer = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            photo = {
                "title": f"photo-{i}",
                "slug": f"photo-{i}",
                "caption": f"{vocabulary_sentence(rng, 8)} ({photographer}/{rng.choice(AGENCIES)})",
                "alt": vocabulary_sentence(rng, 6),
                "file": f"{year_month}/photo-{i}.jpg",
                "url": f"http://{HOST}/wp-content/uploads/{year_month}/photo-{i}.jpg",
            }
        comments = []
        for c in range(0 if is_page else i % 4):
            comments.append(
                {
                    "author": f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}.",
                    "email": f"reader{rng.randrange(10**6)}@mail.example",
                    "date": fmt(date + timedelta(hours=c + 1)),
                    "content": vocabulary_sentence(rng, rng.randint(8, 30)),
                    "approved": "spam" if c == 2 and i % 8 == 3 else "1",
                    "parent": 0 if c == 1 else None,
                }
            )
        yield {
            "index": i,
            "type": "page" if is_page else "post",
            "title": title,
            "slug": slug,
            "content": content,
            "status": status,
            "author": author,
            "date": fmt(date),
            "modified": fmt(date + timedelta(days=i % 3)),
            "categories": [] if is_page else rng.sample(categories, 1 + (i % 5 == 0)),
            "tags": [] if is_page else rng.sample(tags, i % 5),
            "sticky": not is_page and i % 20_000 == 7,
            "photo": photo,
            "comments": comments,
        }


def fmt(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S")


# --- WordPress, through mysql and the php CLI -------------------------------------------


def mysql(sql, database=""):
    result = subprocess.run(  # noqa: S603 - fixed client, our own SQL
        [
            "mysql",
            "-u",
            "root",
            "--batch",
            "--skip-column-names",
            *([database] if database else []),
        ],  # noqa: S607
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def php(source, *args, stdout=None):
    with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as script:
        script.write(source)
    try:
        return subprocess.run(  # noqa: S603
            ["php", "-d", "memory_limit=-1", script.name, *args],  # noqa: S607
            stdout=stdout if stdout is not None else subprocess.PIPE,
            text=stdout is None,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)


def require_peer():
    """WordPress, php and a running MariaDB, or a message saying how to get them."""
    missing = [
        p
        for p in (WP / "wp-load.php", Path("/usr/bin/php"), Path("/usr/bin/mysql"))
        if not p.exists()
    ]
    if missing:
        raise SystemExit(
            f"WordPress peer missing ({', '.join(map(str, missing))}): run "
            f"{PEERS / 'install_wordpress.sh'} once (as root), then again"
        )
    try:
        mysql("SELECT 1")
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"MariaDB does not answer ({error.stderr.strip()}): start it") from None


def install():
    """A fresh site: its database dropped and made again, wp_install(), no sample content."""
    mysql(
        f"DROP DATABASE IF EXISTS {DATABASE};\n"
        f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4;\n"
        "CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY 'wp-bench-db-pw';\n"
        f"GRANT ALL PRIVILEGES ON {DATABASE}.* TO 'wordpress'@'localhost';\n"
        "FLUSH PRIVILEGES;\n"
    )
    if not CONFIG.exists():
        keys = "AUTH SECURE_AUTH LOGGED_IN NONCE".split()
        salts = [f"{key}_{kind}" for kind in ("KEY", "SALT") for key in keys]
        settings = {
            "DB_NAME": DATABASE,
            "DB_USER": "wordpress",
            "DB_PASSWORD": "wp-bench-db-pw",
            "DB_HOST": "localhost",
            "WP_CONTENT_DIR": "/var/lib/wordpress/wp-content",
            "WP_HOME": f"http://{HOST}",
            "WP_SITEURL": f"http://{HOST}",
            **{salt: secrets.token_hex(32) for salt in salts},
        }
        flags = ("DISABLE_WP_CRON", "WP_HTTP_BLOCK_EXTERNAL", "AUTOMATIC_UPDATER_DISABLED")
        CONFIG.write_text(
            "<?php\n"
            + "".join(f"define('{name}', '{value}');\n" for name, value in settings.items())
            + "".join(f"define('{flag}', true);\n" for flag in flags)
        )
        CONFIG.chmod(0o640)
    php(INSTALL_PHP % secrets.token_urlsafe(16))


def q(value):
    """A MariaDB string literal."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


class Inserts:
    """Multi-row INSERTs of one table, written in batches to the mysql client's stdin."""

    def __init__(self, out, table, columns, batch=500):
        self.out, self.head, self.batch, self.rows = (
            out,
            f"INSERT INTO {table} ({columns}) VALUES\n",
            batch,
            [],
        )

    def add(self, *values):
        self.rows.append(
            "(" + ",".join(q(v) if isinstance(v, str) else str(v) for v in values) + ")"
        )
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self):
        if self.rows:
            self.out.write(self.head + ",\n".join(self.rows) + ";\n")
            self.rows = []


def fill_sql(posts, plan):
    """Load the site with bulk INSERTs piped into mysql; returns the sticky posts' ids."""
    client = subprocess.Popen(  # noqa: S603
        ["mysql", "-u", "root", DATABASE],  # noqa: S607
        stdin=subprocess.PIPE,
        text=True,
    )
    out = client.stdin
    out.write("SET autocommit=0; SET unique_checks=0; SET foreign_key_checks=0;\n")
    users = Inserts(
        out,
        "wp_users",
        "ID,user_login,user_pass,user_nicename,user_email,user_registered,display_name",
    )
    usermeta = Inserts(out, "wp_usermeta", "user_id,meta_key,meta_value")
    user_ids = {}
    for k, a in enumerate(plan["authors"], start=2):
        user_ids[a["login"]] = k
        users.add(
            k, a["login"], "x", slugify(a["login"]), a["email"], "2012-01-01 00:00:00", a["name"]
        )
        usermeta.add(k, "first_name", a["first"])
        usermeta.add(k, "last_name", a["last"])
        usermeta.add(k, "wp_capabilities", 'a:1:{s:6:"author";b:1;}')
    users.flush()
    usermeta.flush()
    terms = Inserts(out, "wp_terms", "term_id,name,slug")
    taxonomy = Inserts(
        out, "wp_term_taxonomy", "term_taxonomy_id,term_id,taxonomy,description,parent"
    )
    term_ids = {}
    for k, t in enumerate(plan["terms"], start=2):
        term_ids[(t["taxonomy"], t["slug"])] = k
        terms.add(k, t["name"], t["slug"])
        taxonomy.add(
            k, k, t["taxonomy"], "", term_ids[("category", t["parent"])] if t["parent"] else 0
        )
    terms.flush()
    taxonomy.flush()
    tag_ids = {
        t["name"]: term_ids[("post_tag", t["slug"])]
        for t in plan["terms"]
        if t["taxonomy"] == "post_tag"
    }
    wp_posts = Inserts(
        out,
        "wp_posts",
        "ID,post_author,post_date,post_date_gmt,post_content,post_title,post_excerpt,post_status,"
        "comment_status,ping_status,post_name,to_ping,pinged,post_modified,post_modified_gmt,"
        "post_content_filtered,post_parent,guid,post_type,post_mime_type,comment_count",
    )
    meta = Inserts(out, "wp_postmeta", "post_id,meta_key,meta_value")
    relations = Inserts(out, "wp_term_relationships", "object_id,term_taxonomy_id")
    comments = Inserts(
        out,
        "wp_comments",
        "comment_ID,comment_post_ID,comment_author,comment_author_email,comment_author_url,"
        "comment_author_IP,comment_date,comment_date_gmt,comment_content,comment_approved,"
        "comment_agent,comment_type,comment_parent,user_id",
    )
    sticky, comment_id = [], 1
    for item in post_items(posts, plan):
        post_id = FIRST_ID + 2 * item["index"]
        author = user_ids[item["author"]]
        approved = sum(c["approved"] == "1" for c in item["comments"])
        wp_posts.add(
            post_id, author, item["date"], item["date"], item["content"], item["title"], "",
            item["status"], "open", "open", item["slug"], "", "", item["modified"],
            item["modified"], "", 0, f"http://{HOST}/?p={post_id}", item["type"], "", approved,
        )  # fmt: skip
        if item["photo"]:
            photo, photo_id = item["photo"], post_id + 1
            wp_posts.add(
                photo_id, author, item["date"], item["date"], "", photo["title"], photo["caption"],
                "inherit", "open", "closed", photo["slug"], "", "", item["date"], item["date"],
                "", post_id, photo["url"], "attachment", "image/jpeg", 0,
            )  # fmt: skip
            meta.add(photo_id, "_wp_attached_file", photo["file"])
            meta.add(photo_id, "_wp_attachment_image_alt", photo["alt"])
            meta.add(post_id, "_thumbnail_id", str(photo_id))
        for slug in item["categories"]:
            relations.add(post_id, term_ids[("category", slug)])
        for name in item["tags"]:
            relations.add(post_id, tag_ids[name])
        ids = []
        for c in item["comments"]:
            parent = 0 if c["parent"] is None else ids[c["parent"]]
            comments.add(
                comment_id, post_id, c["author"], c["email"], "", "127.0.0.1", c["date"], c["date"],
                c["content"], c["approved"], "", "comment", parent, 0,
            )  # fmt: skip
            ids.append(comment_id)
            comment_id += 1
        if item["sticky"]:
            sticky.append(post_id)
        if item["index"] and item["index"] % 10_000 == 0:
            say(f"  sql fill: {item['index']} posts written")
    for table in (wp_posts, meta, relations, comments):
        table.flush()
    out.write("COMMIT;\n")
    out.close()
    if client.wait() != 0:
        raise SystemExit("mysql refused the fill (see above)")
    return sticky


def fill_php(posts, plan):
    """Load the site through WordPress's API in one php process; returns the sticky posts."""
    CACHE.mkdir(parents=True, exist_ok=True)
    plan_path, items_path = CACHE / "fill-plan.json", CACHE / "fill-items.jsonl"
    plan_path.write_text(json.dumps(plan))
    sticky = []
    with items_path.open("w") as items:
        for item in post_items(posts, plan):
            items.write(json.dumps(item) + "\n")
    say("  php fill: " + php(FILL_PHP, str(plan_path), str(items_path)).strip())
    ids = mysql(
        "SELECT ID FROM wp_posts WHERE post_type IN ('post', 'page') ORDER BY ID", DATABASE
    ).split()
    for item in post_items(posts, plan):
        if item["sticky"]:
            sticky.append(int(ids[item["index"]]))
    return sticky


def build(posts, fill="sql", refresh=False):
    """The export of `posts` posts (made unless cached) and what making it took."""
    path = CACHE / f"wordpress-{posts}.xml"
    facts_path = CACHE / f"wordpress-{posts}.json"
    if path.exists() and facts_path.exists() and not refresh:
        return path, json.loads(facts_path.read_text())
    require_peer()
    CACHE.mkdir(parents=True, exist_ok=True)
    say(f"wordpress export: installing a fresh site ({HOST}, database {DATABASE})")
    started = time.perf_counter()
    install()
    install_s = time.perf_counter() - started
    plan = site_plan(posts)
    say(f"wordpress export: filling {posts} posts ({fill})")
    started = time.perf_counter()
    sticky = fill_sql(posts, plan) if fill == "sql" else fill_php(posts, plan)
    php(FINISH_PHP, json.dumps(sticky))
    fill_s = time.perf_counter() - started
    say(f"wordpress export: filled in {fill_s:.1f} s; export_wp() to {path}")
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        php(EXPORT_PHP, stdout=out)
    partial.rename(path)
    export_s = time.perf_counter() - started
    facts = {
        "posts": posts,
        "fill": fill,
        "install_s": round(install_s, 1),
        "fill_s": round(fill_s, 1),
        "export_s": round(export_s, 1),
        "bytes": path.stat().st_size,
        "wordpress": mysql(
            "SELECT option_value FROM wp_options WHERE option_name='db_version'", DATABASE
        ),
    }
    facts_path.write_text(json.dumps(facts, indent=2))
    say(
        f"wordpress export: {path.stat().st_size / 1e6:.0f} MB written in {export_s:.1f} s"
        f" (fill {fill_s:.1f} s, install {install_s:.1f} s)"
    )
    return path, facts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--fill", choices=("sql", "php"), default="sql")
    parser.add_argument("--refresh", action="store_true", help="make the file again")
    args = parser.parse_args()
    path, facts = build(args.posts, args.fill, args.refresh)
    print(json.dumps({"path": str(path), **facts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
