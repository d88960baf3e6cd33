"""Breaking-news alerts in Chromium: the opt-in, the service worker at the root scope, and a
push delivered to it through the DevTools protocol that shows the notification.

Headless Chromium cannot make a real push subscription here, so the page's
`PushManager.subscribe` alone is replaced by one returning a subscription with real keys.
"""

import json
import time

import pytest

from tests.live_site import site_shell

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
        box.get_by_label("All breaking news").uncheck()
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
