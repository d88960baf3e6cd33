"""What an import did, for the person who ran it: printed at the end and kept as a file."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

PLURALS = {"category": "categories"}
# Missing photos named one by one; past these the report counts them (the admin lists all).
MISSING_LISTED = 200
KINDS = ("author", "category", "tag", "attachment", "post", "page", "comment", "front-page pick")


@dataclass
class Report:
    file_name: str
    source_site: str = ""
    dry_run: bool = False
    outcomes: dict = field(default_factory=lambda: defaultdict(Counter))  # kind → outcome → n
    skipped: Counter = field(default_factory=Counter)  # reason → n
    unknown_shortcodes: Counter = field(default_factory=Counter)  # name → items using it
    missing_photos: list = field(default_factory=list)  # the first (wp id, file address, reason)
    missing_count: int = 0
    failures: list = field(default_factory=list)  # (kind, wp id, title, error)
    notes: list = field(default_factory=list)  # (kind, wp id, note)
    invalid_utf8: int = 0
    invalid_utf8_lines: list = field(default_factory=list)
    fatal: str = ""
    tasks_queued: int = 0
    path: str = ""

    def count(self, kind, outcome, n=1):
        self.outcomes[kind][outcome] += n

    def missing(self, wp_id, file_url, reason):
        self.missing_count += 1
        if len(self.missing_photos) < MISSING_LISTED:
            self.missing_photos.append((wp_id, file_url, reason))

    def note(self, kind, wp_id, text):
        self.notes.append((kind, wp_id, text))

    def mark(self):
        """Where the report stands: a batch written again item by item goes back to it."""
        counters = (self.skipped, self.unknown_shortcodes)
        return (
            self.missing_count,
            {kind: Counter(counts) for kind, counts in self.outcomes.items()},
            [Counter(counter) for counter in counters],
            [len(lines) for lines in (self.missing_photos, self.failures, self.notes)],
        )

    def back_to(self, mark):
        self.missing_count, outcomes, (skipped, shortcodes), lengths = mark
        self.outcomes = defaultdict(Counter, outcomes)
        self.skipped, self.unknown_shortcodes = skipped, shortcodes
        kept = (self.missing_photos, self.failures, self.notes)
        for lines, length in zip(kept, lengths, strict=True):
            del lines[length:]

    def total(self, kind):
        return sum(self.outcomes[kind].values())

    def render(self):
        lines = [
            f"WordPress import of {self.file_name}"
            + (" (dry run: nothing was written)" if self.dry_run else ""),
            f"Site: {self.source_site or '(unknown)'}",
        ]
        if self.fatal:
            lines += ["", f"Stopped: {self.fatal}"]
        lines += ["", "What came in:"]
        for kind in KINDS:
            counts = self.outcomes.get(kind)
            if counts:
                detail = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
                label = PLURALS.get(kind, kind + "s")
                lines.append(f"  {label:<16} {sum(counts.values()):>6}  ({detail})")
        if self.skipped:
            lines += ["", "Left out on purpose:"]
            lines += [f"  {n:>6}  {reason}" for reason, n in sorted(self.skipped.items())]
        if self.missing_count:
            lines += [
                "",
                f"Missing photos: {self.missing_count} (stand-ins keep their captions and "
                "credits; the picture desk finds them under Missing photos in the admin):",
            ]
            lines += [f"  #{wp_id} {url}: {reason}" for wp_id, url, reason in self.missing_photos]
            if self.missing_count > len(self.missing_photos):
                more = self.missing_count - len(self.missing_photos)
                lines.append(f"  … and {more} more, every one listed under Missing photos.")
        if self.unknown_shortcodes:
            lines += ["", "Shortcodes not understood (kept as text):"]
            lines += [
                f"  [{name}] in {n} item{'s' if n != 1 else ''}"
                for name, n in self.unknown_shortcodes.most_common()
            ]
        if self.invalid_utf8:
            where = ", ".join(str(line) for line in self.invalid_utf8_lines)
            lines += [
                "",
                f"Invalid UTF-8: {self.invalid_utf8} byte(s) replaced with \ufffd (lines {where}).",
            ]
        if self.failures:
            lines += ["", f"Failed and skipped: {len(self.failures)}"]
            lines += [
                f"  {kind} #{wp_id} {title!r}: {error}"
                for kind, wp_id, title, error in self.failures
            ]
        if self.notes:
            lines += ["", "Notes:"]
            lines += [f"  {kind} #{wp_id}: {text}" for kind, wp_id, text in self.notes]
        if self.tasks_queued:
            lines += [
                "",
                f"Queued for the task worker: {self.tasks_queued} task(s) building the search "
                "index, the photos' renditions and the reference index "
                "(`masthead import progress` tells how far they are).",
            ]
        if self.path:
            lines += ["", f"This report is kept in {self.path}"]
        return "\n".join(lines) + "\n"
