"""Turn what a reader typed into a query the backends can run safely.

A reader's query is untrusted text of any size. It is cut to a sane length,
stripped of control characters, and reduced to words (Unicode letters and
digits, so Hebrew and Arabic words survive): no operator of the underlying
engine (FTS5's NEAR, AND, `*`, quotes; tsquery's `&`, `|`, `!`) ever reaches it.

Supported syntax: words (all must match), "quoted phrases", and `-word` or
`-"a phrase"` to exclude. A possessive word finds the name ("Lavrentiev's" and "Lavrentiev’s"
look for "Lavrentiev", which both engines index for "Lavrentiev's" too); inside quotes a
phrase is taken as typed.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_ITEMS = 10
# A reader's word: letters and digits of any script, with the combining marks of
# Hebrew (niqqud) and Arabic (harakat) kept inside the word.
WORD_RE = re.compile(r"[^\W_][\w\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670]*")
TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
# The possessive ending of a word: 's, or ' after an s ("the envoys'"), with any apostrophe
# (typewriter ', typographic ’, modifier letter ʼ).
APOSTROPHES = "'\u2019\u02bc"
POSSESSIVE_RE = re.compile(rf"(?<=[^\W_])(?:[{APOSTROPHES}][sS]|(?<=[sS])[{APOSTROPHES}])(?![\w])")


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's query as words and phrases to find and to exclude."""

    text: str = ""
    terms: tuple = ()
    phrases: tuple = ()  # each a tuple of words
    # What the reader typed for each phrase ("S-300"), where an engine splits words its own
    # way: PostgreSQL's parser reads "S-300" as "s" and "-300", not "s" and "300".
    typed: tuple = ()
    excluded: tuple = ()  # each a tuple of words (one word or a phrase)
    truncated: bool = False

    @property
    def empty(self):
        """True when nothing is left to look for (exclusions alone find nothing)."""
        return not (self.terms or self.phrases)

    @property
    def highlight_words(self):
        """Every word a result was found by, for highlighting."""
        words = list(self.terms)
        for phrase in self.phrases:
            words.extend(phrase)
        return tuple(dict.fromkeys(words))


def clean(raw, max_length):
    """Normalise to NFC, turn control and format characters into spaces, cut to `max_length`."""
    text = unicodedata.normalize("NFC", str(raw or ""))
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    text = " ".join(text.split())
    truncated = len(text) > max_length
    if truncated:
        text = (
            text[:max_length].rsplit(" ", 1)[0] if " " in text[:max_length] else text[:max_length]
        )
    return text, truncated


def words_of(text):
    return tuple(WORD_RE.findall(text))


def without_possessives(token):
    """ "Lavrentiev's" -> "Lavrentiev", "envoys’" -> "envoys"; "O'Brien" stays."""
    return POSSESSIVE_RE.sub("", token)


def parse(raw, *, max_length=200):
    """Parse a reader's query; never raises, whatever the input."""
    text, truncated = clean(raw, max_length)
    terms, phrases, excluded = [], [], []
    typed = {}
    count = 0
    for match in TOKEN_RE.finditer(text):
        negated = bool(match.group(1) if match.group(2) is not None else match.group(3))
        quoted = match.group(2) is not None
        source = match.group(2) if quoted else without_possessives(match.group(4))
        words = words_of(source)
        if not words:
            continue
        if count >= MAX_ITEMS:
            truncated = True
            break
        count += 1
        if negated:
            excluded.append(words)
        elif len(words) == 1:
            terms.append(words[0])
        else:
            # A quoted phrase, or one token the engines split anyway ("S-300", "Ben-Gvir").
            phrases.append(words)
            typed.setdefault(words, " ".join(source.split()))
    display = " ".join(
        [*terms, *(f'"{" ".join(p)}"' for p in phrases)]
        + [f"-{e[0]}" if len(e) == 1 else f'-"{" ".join(e)}"' for e in excluded]
    )
    return ParsedQuery(
        text=display,
        terms=tuple(dict.fromkeys(terms)),
        phrases=tuple(dict.fromkeys(phrases)),
        typed=tuple(typed[p] for p in dict.fromkeys(phrases)),
        excluded=tuple(dict.fromkeys(excluded)),
        truncated=truncated,
    )


def fold(word):
    """Case- and accent-fold a word ("Café" -> "cafe") for comparisons."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
