"""nginx (Debian's) on loopback in front of a running Masthead, with deploy/nginx/masthead.conf."""

import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_site import free_port, site  # noqa: F401 - fixtures for this suite

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="session")
def edge(site, tmp_path_factory):  # noqa: F811 - the imported fixture
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: apt-get install nginx-light (.ci/run does it)")
    root = tmp_path_factory.mktemp("nginx")
    port = free_port()
    app = site["url"].removeprefix("http://")
    shipped = CONFIG.read_text()
    shipped = shipped.replace("/var/cache/nginx/masthead", str(root / "cache"))
    shipped = shipped.replace("/var/lib/masthead/edge-pages", site["env"]["EDGE_PAGES_DIR"])
    shipped = shipped.replace("/var/lib/masthead/media/", f"{site['data_dir'] / 'media'}/")
    shipped = shipped.replace("server 127.0.0.1:8000;", f"server {app};")
    shipped = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", shipped)
    shipped = shipped.replace("listen 127.0.0.1:8081;", f"listen 127.0.0.1:{site['edge_port']};")
    gate = free_port()  # the render gate, nginx's own hop on the way to the app
    shipped = shipped.replace("127.0.0.1:8082;", f"127.0.0.1:{gate};")
    # As root (CI), nginx's workers would drop to `nobody` and lose the private temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    module = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
    if not module.exists():
        pytest.fail("ngx_cache_purge is missing: apt-get install libnginx-mod-http-cache-purge")
    (root / "nginx.conf").write_text(f"""
{user}
load_module {module};
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
    types {{ text/html html; text/css css; image/jpeg jpg jpeg; image/png png; image/gif gif;
             image/webp webp; image/avif avif; }}
{shipped}
}}
""")
    process = subprocess.Popen(
        [NGINX, "-c", str(root / "nginx.conf"), "-p", str(root)], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(base + "/health/live", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.1)
    yield {"url": base, "root": root, "host": app}
    process.terminate()
    process.wait(timeout=10)
