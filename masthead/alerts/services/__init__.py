"""Breaking-news alerts: subscribing browsers, deciding what may be sent, and fan-out.

Views, tasks and hooks call these functions; collaborators (the push sender, the sleep
between retries) are passed in so tests can drive them. The time of day is
`masthead.core.clock`'s.

- `audience`: who an alert is for and which subscriptions it reaches;
- `subscriptions`: browsers subscribing, changing topics, unsubscribing;
- `guard`: the editor's checks (repeats, frequency) and quiet hours;
- `creating`: an alert from the editor's form, held alerts released;
- `payload`: the message the service worker shows;
- `fanout`: planning deliveries and sending them in batches through the delivery engine
  (`masthead.core.delivery`: claim, heartbeat, settle, resume, finish, progress);
- `delivery`: one message and the push service's answer, the circuit breaker;
- `progress`: clicks and delivery counts;
- `outcome`: what an alert achieved, in words (never "sent" when nothing was delivered).
"""

from ..models import Alert, Delivery, PushSubscription
from .audience import (
    CHOSEN,
    SubscriptionError,
    article_audience,
    article_choices,
    audience_choices,
    chosen_topics,
    clean_topics,
    recipients,
    topic_choices,
    topic_labels,
)
from .creating import (
    TOPIC_HEADER,
    create_alert,
    enqueue_dispatch,
    image_url_for,
    release_held,
    topic_for,
)
from .delivery import (
    BREAKER_THRESHOLD,
    CircuitBreaker,
    Outcome,
    backoff,
    deliver,
    flag_for_operator,
    retry_delay,
)
from .fanout import (
    BREAKER_COOLDOWN,
    STALE_CLAIM,
    dispatch,
    finish,
    make_sender,
    resume,
    send_batch,
)
from .guard import GUARD_WINDOW, REPEAT_WINDOW, GuardResult, guard, parse_hhmm, quiet_until
from .outcome import failure_reasons, failure_reasons_for, finished_label, outcome_label
from .payload import BODY_MAX, MAX_PAYLOAD, MAX_SHRINK, TITLE_MAX, payload_for
from .progress import progress, record_click
from .subscriptions import endpoint_allowed, export_for, set_topics, subscribe, unsubscribe

__all__ = [
    "BODY_MAX",
    "BREAKER_COOLDOWN",
    "BREAKER_THRESHOLD",
    "CHOSEN",
    "GUARD_WINDOW",
    "MAX_PAYLOAD",
    "MAX_SHRINK",
    "REPEAT_WINDOW",
    "STALE_CLAIM",
    "TITLE_MAX",
    "TOPIC_HEADER",
    "Alert",
    "CircuitBreaker",
    "Delivery",
    "GuardResult",
    "Outcome",
    "PushSubscription",
    "SubscriptionError",
    "article_audience",
    "article_choices",
    "audience_choices",
    "backoff",
    "chosen_topics",
    "clean_topics",
    "create_alert",
    "deliver",
    "dispatch",
    "endpoint_allowed",
    "enqueue_dispatch",
    "export_for",
    "failure_reasons",
    "failure_reasons_for",
    "finished_label",
    "finish",
    "flag_for_operator",
    "guard",
    "image_url_for",
    "make_sender",
    "outcome_label",
    "parse_hhmm",
    "payload_for",
    "progress",
    "quiet_until",
    "recipients",
    "record_click",
    "release_held",
    "resume",
    "retry_delay",
    "send_batch",
    "set_topics",
    "subscribe",
    "topic_choices",
    "topic_for",
    "topic_labels",
    "unsubscribe",
]
