"""Comments' use cases: reading, posting and moderating. Views, tasks and hooks call these."""

from .moderation import (  # noqa: F401
    approve,
    ban,
    dismiss_reports,
    feature,
    reinstate,
    reject,
    set_discussion_state,
    suspend,
)
from .pipeline import Refused  # noqa: F401
from .posting import (  # noqa: F401
    NotAllowed,
    can_edit,
    delete_comment,
    edit_comment,
    post_comment,
    report_comment,
    thread_position,
    toggle_like,
)
from .reading import (  # noqa: F401
    cache_version,
    comment_count,
    discussion_is_open,
    page_of_threads,
)
