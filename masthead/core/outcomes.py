"""What a fan-out (a newsletter edition, a breaking-news alert, any later one) achieved, in
the words every admin screen uses: never "sent" when nothing was delivered."""


def finished_label(*, recipients, delivered, failed):
    """The words for a finished fan-out, from its counts."""
    if recipients == 0:
        return "No recipients"
    if delivered <= 0:
        return f"Failed: nothing delivered ({failed} failed)"
    if failed:
        return f"Partly delivered: {delivered} delivered, {failed} failed"
    return f"Delivered to {delivered}"
