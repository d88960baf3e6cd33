"""Before a send: is the sending domain set up for bulk mail, and are readers complaining?

Gmail's and Yahoo's bulk-sender rules want SPF, DKIM and DMARC on the sending domain and a
spam-complaint rate under 0.3%. Missing DNS records are warnings; a complaint rate above the
limit stops the send.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from masthead.core import clock

from .. import conf
from ..models import Delivery, Suppression

logger = logging.getLogger(__name__)

COMPLAINT_LIMIT = 0.003
COMPLAINT_WINDOW_DAYS = 30
# Reserved names (RFC 2606, 6761) have no public DNS to check.
LOCAL_SUFFIXES = (".localhost", ".test", ".example", ".invalid", ".local")


@dataclass
class Report:
    warnings: list = field(default_factory=list)
    blocked: str = ""


def dns_txt(name):
    """TXT strings at ``name``: [] when there are none, None when DNS could not answer."""
    import dns.exception
    import dns.resolver

    try:
        answer = dns.resolver.resolve(name, "TXT", lifetime=3)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except dns.exception.DNSException:
        return None
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]


def sender_domain(newsletter):
    return parseaddr(newsletter.from_email)[1].rpartition("@")[2].lower()


def dns_warnings(newsletter, *, resolver=dns_txt):
    """What the sending domain's DNS lacks for bulk mail, as sentences for editors."""
    domain = sender_domain(newsletter)
    if not domain or domain.endswith(LOCAL_SUFFIXES) or "." not in domain:
        return [
            f"The sending domain {domain or '(none)'} is local: SPF, DKIM and DMARC not checked."
        ]
    warnings = []
    checks = [
        ("SPF", domain, "v=spf1"),
        ("DMARC", f"_dmarc.{domain}", "v=dmarc1"),
    ]
    selector = conf.get("NEWSLETTERS_DKIM_SELECTOR")
    signing_domain = conf.get("NEWSLETTERS_DKIM_DOMAIN")
    if selector and signing_domain:
        checks.append(("DKIM", f"{selector}._domainkey.{signing_domain}", "p="))
    else:
        warnings.append(
            "No DKIM key is configured (DKIM_SELECTOR, DKIM_DOMAIN, DKIM_PRIVATE_KEY_FILE)."
        )
    for label, name, marker in checks:
        records = resolver(name)
        if records is None:
            warnings.append(f"{label}: DNS did not answer for {name}; not checked.")
        elif not any(marker in record.lower() for record in records):
            warnings.append(f"{label}: no record at {name}; receivers may reject or junk the mail.")
    return warnings


def complaint_rate(*, now=None):
    """Spam complaints per message sent over the last 30 days."""
    since = (now or clock.now()) - timedelta(days=COMPLAINT_WINDOW_DAYS)
    sent = Delivery.objects.filter(status=Delivery.Status.SENT, sent_at__gte=since).count()
    complaints = Suppression.objects.filter(
        reason=Suppression.Reason.COMPLAINT, created_at__gte=since
    ).count()
    return complaints / sent if sent else 0.0


def block_reason(*, now=None):
    rate = complaint_rate(now=now)
    if rate > COMPLAINT_LIMIT:
        return (
            f"Sending is stopped: {rate:.2%} of recent messages drew spam complaints "
            f"(the limit is {COMPLAINT_LIMIT:.1%}). Review the list before sending again."
        )
    return ""


def check(newsletter, *, resolver=dns_txt, now=None):
    return Report(
        warnings=dns_warnings(newsletter, resolver=resolver), blocked=block_reason(now=now)
    )
