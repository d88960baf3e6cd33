"""WordPress's search on the benchmark archive: the peer install of ../shared/peers, its own site.

The peer benchmark of article pages uses WordPress at http://127.0.0.1:8081 with the
database `wordpress`. Debian's WordPress picks its configuration by host name, so this
one is http://localhost:8081 (/etc/wordpress/config-localhost.php) on its own database,
`wp_search`, installed like the peer's (wp_install() through the php CLI) and loaded
with the archive by bulk INSERTs into wp_posts. The stack is started and stopped with
the peer scripts; a stack that was already running is left running.
"""

import json
import os
import secrets
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus

from bench import search as bench

PEERS = Path(os.environ.get("MASTHEAD_PEERS", bench.ROOT.parent / "shared" / "peers"))
HOST = "localhost:8081"
DATABASE = "wp_search"
CONFIG = Path("/etc/wordpress/config-localhost.php")
NGINX_PID = Path("/opt/peers/run/nginx-wp.pid")

INSTALL_PHP = """<?php
$_SERVER['HTTP_HOST'] = 'localhost:8081';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
define('WP_INSTALLING', true);
function wp_new_blog_notification() {}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (is_blog_installed()) { echo "already installed\\n"; exit(0); }
$r = wp_install('Search Bench', 'admin', 'admin@example.invalid', true, '', '%s');
echo "installed user_id={$r['user_id']}\\n";
"""


def mysql(sql, database=""):
    argv = ["mysql", "-u", "root", "--batch", "--skip-column-names"]
    result = subprocess.run(  # noqa: S603 - fixed client, our own SQL
        [*argv, *([database] if database else [])],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def running():
    try:
        pid = int(NGINX_PID.read_text())
        Path(f"/proc/{pid}").stat()
        return True
    except (OSError, ValueError):
        return False


def write_config():
    if CONFIG.exists():
        return
    salts = "".join(
        f"define('{key}', '{secrets.token_hex(32)}');\n"
        for key in (
            "AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT"
            " LOGGED_IN_SALT NONCE_SALT"
        ).split()
    )
    CONFIG.write_text(
        "<?php\n"
        f"define('DB_NAME', '{DATABASE}');\n"
        "define('DB_USER', 'wordpress');\n"
        "define('DB_PASSWORD', 'wp-bench-db-pw');\n"
        "define('DB_HOST', 'localhost');\n"
        "define('WP_CONTENT_DIR', '/var/lib/wordpress/wp-content');\n"
        f"define('WP_HOME', 'http://{HOST}');\n"
        f"define('WP_SITEURL', 'http://{HOST}');\n"
        "define('DISABLE_WP_CRON', true);\n"
        "define('WP_HTTP_BLOCK_EXTERNAL', true);\n"
        "define('AUTOMATIC_UPDATER_DISABLED', true);\n" + salts
    )
    CONFIG.chmod(0o640)
    subprocess.run(["chgrp", "www-data", str(CONFIG)], check=True)  # noqa: S607


def install():
    mysql(
        f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4;\n"
        "CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY 'wp-bench-db-pw';\n"
        f"GRANT ALL PRIVILEGES ON {DATABASE}.* TO 'wordpress'@'localhost';\n"
        "FLUSH PRIVILEGES;\n"
    )
    write_config()
    script = bench.CACHE / "wp-install.php"
    script.write_text(INSTALL_PHP % secrets.token_urlsafe(16))
    output = subprocess.run(  # noqa: S603
        ["php", str(script)],
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    ).stdout
    bench.say(f"  wordpress: {output.strip()}")


def load(sql_path, articles):
    """Load the archive into wp_posts unless it is there already; seconds spent (0 if cached)."""
    count = int(
        mysql(
            "SELECT COUNT(*) FROM wp_posts WHERE post_type = 'post'"
            " AND post_status = 'publish' AND guid LIKE 'http://localhost/?p=%'",
            DATABASE,
        )
    )
    if count == articles:
        bench.say(f"  wordpress: {count} posts already loaded")
        return None
    bench.say(f"  wordpress: loading {articles} posts from {sql_path.name}")
    started = time.perf_counter()
    mysql("DELETE FROM wp_posts WHERE post_type = 'post';", DATABASE)
    with sql_path.open() as source:
        subprocess.run(  # noqa: S603
            ["mysql", "-u", "root", DATABASE],  # noqa: S607
            stdin=source,
            check=True,
        )
    return time.perf_counter() - started


def run(sql_path, articles, budget):
    """Install (once), load (once) and time the 200 queries; returns the measurements."""
    if not sql_path.exists():
        raise SystemExit(f"{sql_path} is missing: run the SQLite engine first")
    was_running = running()
    bench.say("wordpress: starting the peer stack")
    subprocess.run([str(PEERS / "wp_start.sh")], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        install()
        marker = bench.CACHE / f"wordpress-{articles}.json"
        load_s = load(sql_path, articles)
        if load_s is None and marker.exists():
            load_s = json.loads(marker.read_text())["load_s"]
        marker.write_text(json.dumps({"load_s": load_s}))
        urllib.request.urlopen(f"http://{HOST}/?s=warmup", timeout=300).read()  # noqa: S310
        bench.say("wordpress: 200 queries over HTTP /?s= (nginx + php-fpm + MariaDB)")
        times = bench.time_http(
            f"http://{HOST}",
            lambda q: f"/?s={quote_plus(q)}",
            bench.query_mix(),
            budget=budget,
            label="wordpress http",
        )
        return {"load_s": load_s, "http": bench.percentiles(times)}
    finally:
        if not was_running:
            subprocess.run([str(PEERS / "wp_stop.sh")], check=False, stdout=subprocess.DEVNULL)  # noqa: S603
