"""Dependencies point one way: an app may use the apps below it, never one above it or beside
it. Apps above contribute to the pages, exports and admin of the apps below through registries
and Wagtail hooks (masthead.core.slots, `masthead_member_data`, `construct_homepage_panels`).

Read from the source, the way a newcomer reads it: every import (at the top of a module or
inside a function), every template tag library a template loads, every template it includes
or extends.
"""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "masthead"

# Bottom first. An app may depend on apps of a lower layer only.
LAYERS = [
    {"ops"},  # request ids, logs, health, backups, the cache's failure signal
    {"core"},  # the site: pages' cache, headers, settings, slots, ratelimits
    {"accounts"},  # members and signing in
    {"access"},  # the wall, which offers the sign-in form
    {"news"},  # the pages readers read
    {
        "search",
        "comments",
        "newsletters",
        "alerts",
        "sharing",
        "readinglist",
    },  # what readers do around them
    {"live"},  # live coverage: stories told entry by entry, alerts from them
    {"wordpress"},  # moving in from WordPress: stories, photos, comments
    {"newsroom"},  # the staff's roles, granting every app's permissions
    {"demo"},  # demo content, built with everything
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}

# Known upward edges, each to be removed; a new one fails the test.
KNOWN = set()


def app_of(module):
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "masthead" and parts[1] in LAYER_OF:
        return parts[1]
    return None


def python_edges():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).parts
        if relative[0] not in LAYER_OF or "migrations" in relative:
            continue
        package = ["masthead", *relative[:-1]]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    modules = [".".join(base + ([node.module] if node.module else []))]
                else:
                    modules = [node.module or ""]
            else:
                continue
            for module in modules:
                yield relative[0], app_of(module), f"{path.relative_to(PACKAGE)}:{node.lineno}"


TAG_LOAD = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")
TEMPLATE_USE = re.compile(r"{%\s*(?:include|extends)\s+[\"']([\w-]+)/")


def template_edges():
    libraries = {
        path.stem: path.parents[1].name
        for path in PACKAGE.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }
    template_dirs = {
        folder.name: folder.parents[1].name for folder in PACKAGE.glob("*/templates/*/")
    }
    for path in PACKAGE.rglob("*.html"):
        app = path.relative_to(PACKAGE).parts[0]
        text = path.read_text()
        where = str(path.relative_to(PACKAGE))
        for match in TAG_LOAD.finditer(text):
            for library in match.group(1).split():
                yield app, libraries.get(library), f"{where} (loads {library})"
        for match in TEMPLATE_USE.finditer(text):
            yield app, template_dirs.get(match.group(1)), f"{where} (uses {match.group(0)})"


def test_no_app_depends_on_an_app_above_or_beside_it():
    upward = sorted(
        f"{source} -> {target}: {where}"
        for source, target, where in [*python_edges(), *template_edges()]
        if target
        and target != source
        and LAYER_OF[target] >= LAYER_OF[source]
        and (source, target) not in KNOWN
    )
    assert not upward, "dependencies pointing up or sideways:\n" + "\n".join(upward)


def test_the_known_exceptions_still_exist():
    """An exception removed from the code is removed from KNOWN too, so it cannot return."""
    edges = {(source, target) for source, target, _ in [*python_edges(), *template_edges()]}
    assert KNOWN <= edges


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps == set(LAYER_OF)
