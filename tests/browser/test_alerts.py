"""Breaking-news alerts in Chromium: the opt-in, the service worker at the root scope, and a
push delivered to it through the DevTools protocol that shows the notification.

Headless Chromium cannot make a real push subscription here, so the page's
`PushManager.subscribe` alone is replaced by one returning a subscription with real keys.
"""

import json
import time

import pytest

from tests.live_site import running_site, site_shell
from tests.push_service import PushService

pytestmark = pytest.mark.browser

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/browser-test-"

# A PushSubscription the way the browser would make one (a fresh P-256 key, a 16-byte secret).
STUB_SUBSCRIBE = """
(() => {
  if (!window.PushManager) return;
  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  PushManager.prototype.subscribe = async function (options) {
    const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
    const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
    const auth = crypto.getRandomValues(new Uint8Array(16));
    const endpoint = "ENDPOINT_PREFIX" + Date.now();
    window.__pushOptions = options;
    return {
      endpoint: endpoint,
      options: options,
      toJSON: () => ({ endpoint: endpoint, expirationTime: null, keys: { p256dh: b64url(raw), auth: b64url(auth) } }),
      unsubscribe: async () => true,
    };
  };
})();
""".replace("ENDPOINT_PREFIX", ENDPOINT)


def test_opt_in_subscribes_after_the_click_and_a_push_shows_the_notification(
    site, browser, artifact
):
    """ "Get notifications" → the permission → the subscription stored on the site →
    "You're subscribed"; the service worker controls the root scope and shows a pushed
    alert with its title, opening the alert's counted link to the story."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["notifications"], origin=site["url"])
    context.add_init_script(STUB_SUBSCRIBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    registrations = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.update(
            {r["scopeURL"]: r["registrationId"] for r in event["registrations"]}
        ),
    )
    cdp.send("ServiceWorker.enable")
    try:
        page.goto(site["url"] + ARTICLE)
        box = page.locator("#alerts-optin")
        box.get_by_text("Never miss breaking news").wait_for()
        assert box.get_by_text("Get notifications to stay updated").is_visible()
        assert box.get_by_label("All breaking news").is_checked()
        assert page.evaluate("window.__pushOptions") is None  # no prompt before the click
        page.screenshot(path=artifact("alerts-optin.png"), full_page=True)

        box.get_by_label("Israel & the Region").check()
        box.get_by_role("button", name="Get notifications").click()
        box.get_by_text("You're subscribed").wait_for()
        assert "to Israel & the Region." in box.inner_text()
        assert not box.get_by_label("All breaking news").is_visible()  # choices are put away
        assert box.get_by_role("button", name="Change topics").is_visible()
        assert box.get_by_role("button", name="Stop notifications").is_visible()
        options = page.evaluate("window.__pushOptions")
        assert options["userVisibleOnly"] is True
        box.screenshot(path=artifact("alerts-subscribed.png"))

        stored = json.loads(
            site_shell(
                site,
                "import json; from masthead.alerts.models import PushSubscription as P; "
                f"s = P.objects.filter(endpoint__startswith={ENDPOINT!r}).latest('pk'); "
                "print(json.dumps({'topics': s.topics, 'key_id': s.key_id}))",
            )
        )
        assert stored["topics"] == ["section:israel-and-the-region"]

        scope = page.evaluate(
            "navigator.serviceWorker.ready.then(function (r) { return r.scope; })"
        )
        assert scope == site["url"] + "/"
        deadline = time.monotonic() + 30  # bounded; a loaded machine is slow
        while scope not in registrations and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        payload = site_shell(
            site,
            "from masthead.alerts import services; from masthead.news.models import ArticlePage; "
            f"a = ArticlePage.objects.get(url_path__endswith={ARTICLE.split('/')[-2] + '/'!r}); "
            "alert = services.Alert.objects.create(article=a, title='Breaking: talks end', "
            "body='Short text.', url=a.url, audience=['everyone'], topic=f'story-{a.pk}'); "
            "print(services.payload_for(alert).decode())",
        )
        alert = json.loads(payload)
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": site["url"], "registrationId": registrations[scope], "data": payload},
        )
        shown = None
        deadline = time.monotonic() + 30  # bounded; a loaded machine is slow
        while not shown and time.monotonic() < deadline:
            shown = page.evaluate(
                """navigator.serviceWorker.ready.then(r => r.getNotifications()).then(list =>
                     list.map(n => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))"""
            )
            page.wait_for_timeout(100)
        assert shown, "no notification was shown"
        [notification] = shown
        assert notification["title"] == "Breaking: talks end"
        assert notification["body"] == "Short text."
        assert notification["data"]["url"] == f"{site['url']}/alerts/{alert['id']}/open/"
        assert notification["tag"] == alert["tag"]
        # The notification's link counts the click and leads to the story.
        page.goto(notification["data"]["url"])
        assert page.url == site["url"] + ARTICLE
    finally:
        context.close()


def test_without_push_support_the_newsletter_is_offered(site, browser):
    """A browser without Web Push is told plainly and offered the Daily Edition."""
    context = browser.new_context()
    context.add_init_script("delete window.PushManager;")
    page = context.new_page()
    try:
        page.goto(site["url"] + ARTICLE)
        box = page.locator("#alerts-optin")
        box.get_by_text("This browser can't show notifications from us.").wait_for()
        assert box.get_by_role("link", name="Daily Edition newsletter").is_visible()
        assert not box.get_by_role("button", name="Get notifications").is_visible()
    finally:
        context.close()


# The stub again, with a subscription of the loopback push service made by the test.
STUB_LOOPBACK_SUBSCRIBE = """
(() => {
  if (!window.PushManager) return;
  const KEPT = "test-push-subscription";  // the browser keeps its subscription across pages
  const wrap = (made, options) => made && {
    endpoint: made.endpoint,
    options: options,
    toJSON: () => ({ endpoint: made.endpoint, expirationTime: null, keys: made.keys }),
    unsubscribe: async () => { sessionStorage.removeItem(KEPT); return true; },
  };
  PushManager.prototype.getSubscription = async function () {
    return wrap(JSON.parse(sessionStorage.getItem(KEPT) || "null"));
  };
  PushManager.prototype.subscribe = async function (options) {
    const made = await window.newPushSubscription();
    window.__pushOptions = options;
    sessionStorage.setItem(KEPT, JSON.stringify(made));
    return wrap(made, options);
  };
})();
"""


@pytest.fixture(scope="module")
def push_service():
    with PushService() as service:
        yield service


@pytest.fixture(scope="module")
def push_site(tmp_path_factory, push_service):
    """A site that may deliver to the loopback push service (as to the browsers' own)."""
    with running_site(
        tmp_path_factory.mktemp("push-site"),
        ALERTS_PUSH_SERVICES="http://127.0.0.1:*",
        ALERTS_BACKOFF_BASE="0.01",
    ) as running:
        yield running


def _send_alert(site, title, audience):
    """An editor's alert to `audience`, through the site's task worker; its outcome."""
    alert_id = site_shell(
        site,
        "from masthead.alerts import services; from masthead.news.models import ArticlePage; "
        f"a = ArticlePage.objects.get(url_path__endswith={ARTICLE.split('/')[-2] + '/'!r}); "
        f"print(services.create_alert(article=a, title={title!r}, body='', "
        f"audience={audience!r}, urgency='high', confirmed_repeat=True).pk)",
    )
    deadline = time.monotonic() + 240  # bounded; the worker is shared and a loaded machine slow
    while time.monotonic() < deadline:
        outcome = site_shell(
            site,
            "from masthead.alerts.models import Alert; "
            f"a = Alert.objects.get(pk={alert_id}); "
            "print(a.outcome_label if a.state == a.State.DONE else 'unfinished')",
        )
        if outcome != "unfinished":
            return outcome
    raise AssertionError(f"alert {title!r} did not finish")


def test_opt_in_topic_choice(push_site, push_service, browser, artifact):
    """All breaking news or only the ticked sections and topics is one choice; what the
    reader picks is what the browser is subscribed to: an alert about that topic reaches
    it (through the push service, encrypted), one about another topic does not."""
    site = push_site
    server_key = json.loads(
        site_shell(
            site,
            "import json; from masthead.alerts import keys; "
            "print(json.dumps(keys.keyring().current.application_server_key))",
        )
    )
    made = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["notifications"], origin=site["url"])
    context.expose_function(
        "newPushSubscription",
        lambda: made.append(push_service.subscribe(server_key=server_key)) or made[-1].as_json(),
    )
    context.add_init_script(STUB_LOOPBACK_SUBSCRIBE)
    page = context.new_page()
    try:
        page.goto(site["url"] + ARTICLE)
        box = page.locator("#alerts-optin")
        choice = box.get_by_role("group", name="Alert me about")
        choice.wait_for()
        everything = choice.get_by_role("radio", name="All breaking news")
        only = choice.get_by_role("radio", name="Only the sections and topics I choose")
        syria = choice.get_by_role("checkbox", name="Syria")
        assert everything.is_checked() and not only.is_checked()
        assert not syria.is_checked()

        # Ticking a topic is choosing "only these"; all breaking news clears the ticks.
        syria.check()
        assert only.is_checked() and not everything.is_checked()
        everything.check()
        assert not syria.is_checked()

        # "Only these" with nothing ticked is said, not widened to everything.
        only.check()
        box.get_by_role("button", name="Get notifications").click()
        box.get_by_text(
            "Tick at least one section or topic, or choose all breaking news."
        ).wait_for()
        assert page.evaluate("window.__pushOptions") is None and not made

        syria.check()
        box.get_by_role("button", name="Get notifications").click()
        box.get_by_text("You're subscribed").wait_for()
        assert "You're subscribed to Syria." in box.inner_text()
        box.screenshot(path=artifact("alerts-topic-choice.png"))
        [browser_subscription] = made
        stored = site_shell(
            site,
            "from masthead.alerts.models import PushSubscription as P; "
            f"print(P.objects.get(endpoint={browser_subscription.endpoint!r}).topics)",
        )
        assert stored == "['topic:syria']"

        assert _send_alert(site, "Syria: talks resume", ["topic:syria"]) == "Delivered to 1"
        [message] = push_service.delivered(browser_subscription)
        assert message.payload["title"] == "Syria: talks resume"  # decrypted by the browser's key
        assert _send_alert(site, "Iran: a new envoy", ["topic:iran"]) == "No recipients"
        assert len(push_service.messages_for(browser_subscription)) == 1

        # Back on the page, the box says what the site holds; changing to everything sticks.
        page.reload()
        box.get_by_text("You're subscribed").wait_for()
        assert "You're subscribed to Syria." in box.inner_text()
        box.get_by_role("button", name="Change topics").click()
        assert only.is_checked() and syria.is_checked()
        everything.check()
        box.get_by_role("button", name="Save").click()
        box.get_by_text("Your choice is saved.").wait_for()
        assert "You're subscribed to all breaking news." in box.inner_text()
        stored = site_shell(
            site,
            "from masthead.alerts.models import PushSubscription as P; "
            f"print(P.objects.get(endpoint={browser_subscription.endpoint!r}).topics)",
        )
        assert stored == "['everyone']"
    finally:
        context.close()
