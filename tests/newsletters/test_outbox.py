"""Each recipient's copy is made from one message built per batch run: it must say exactly
what a message built in full for that recipient says."""

import email
import email.policy

import pytest

from masthead.newsletters.services import editions, outbox, sending

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd"


def full_copy(edition, rendered, to, message_id):
    message = sending.build_message(
        edition, rendered, to=to, token=TOKEN, message_id=message_id
    ).message(policy=email.policy.SMTP)
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


@pytest.mark.parametrize(
    "intro",
    [
        "A short plain intro.",
        # Right-to-left text and long lines: parts that need quoted-printable or base64.
        "שלום וברכה, זו המהדורה היומית — " * 40,
    ],
)
def test_a_copy_says_what_a_message_built_in_full_says(edition, intro):
    edition.intro = intro
    edition.save()
    rendered = editions.render(edition)

    def build(to, token, message_id):
        return sending.build_message(edition, rendered, to=to, token=token, message_id=message_id)

    template = outbox.MessageTemplate(
        build(outbox.TO_PLACEHOLDER, editions.TOKEN_PLACEHOLDER, outbox.MESSAGE_ID_PLACEHOLDER)
    )
    raw = template.render(to="reader@example.com", token=TOKEN, message_id="<a.b@example.com>")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    copy = email.message_from_bytes(raw, policy=email.policy.default)
    full = full_copy(edition, rendered, "reader@example.com", "<a.b@example.com>")

    headers = lambda m: [(k, str(v)) for k, v in m.items() if k not in ("Date", "Content-Type")]  # noqa: E731
    assert headers(copy) == headers(full)
    assert copy.get_content_type() == full.get_content_type() == "multipart/alternative"
    for kind in ("plain", "html"):
        mine = copy.get_body(preferencelist=(kind,)).get_content()
        theirs = full.get_body(preferencelist=(kind,)).get_content()
        assert mine == theirs
        assert TOKEN in mine
        assert editions.TOKEN_PLACEHOLDER not in mine
    assert intro.strip() in copy.get_body(preferencelist=("plain",)).get_content()
    # RFC 2369: the URLs as written, in angle brackets, not RFC 2047 encoded words.
    assert (
        b"\r\nList-Unsubscribe: <http://testserver/newsletters/unsubscribe/" + TOKEN.encode()
    ) in raw
