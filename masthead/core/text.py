"""Text that readers set (display names, comments): cleaned of what they cannot see.

A reader's text is shown to other readers, so it must not carry characters that change how
other text reads without being seen themselves:

- bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
  (U+2066–U+2069) and the marks U+200E, U+200F and U+061C. An override makes "Bob\u202egpj.exe"
  read "Bobexe.jpg"; right-to-left text needs none of them, the browser orders it alone.
- other format characters (Unicode category Cf): zero-width spaces, soft hyphens, word
  joiners, byte-order marks, tag characters. They render as nothing, so two names that look
  alike differ, and a banned word with one inside it looks whole.
- control, surrogate and private-use characters.

Two format characters are kept in stored text: the zero-width joiner and non-joiner
(U+200D, U+200C). Persian and the Indic scripts need them to spell words, and emoji
sequences (a family, a flag of a profession) are joined by them. ``for_matching`` removes
them too, so they cannot hide a word from a check.
"""

import re
import unicodedata

JOINERS = frozenset("\u200c\u200d")
# Characters that lay out lines but are category Zl/Zp: a name is one line.
LINE_BREAKS = re.compile(r"[\u2028\u2029\n\r\t\v\f\x85]+")
SPACES = re.compile(r"\s+")


def _invisible(ch, *, keep_joiners):
    category = unicodedata.category(ch)
    if category == "Cf":
        return not (keep_joiners and ch in JOINERS)
    return category in ("Cc", "Cs", "Co")


def remove_invisible(text, *, keep_lines=True, keep_joiners=True):
    """``text`` without bidirectional controls, format, control, surrogate and private-use
    characters; line breaks and tabs stay when ``keep_lines``."""
    return "".join(
        ch
        for ch in text or ""
        if (keep_lines and ch in "\n\t") or not _invisible(ch, keep_joiners=keep_joiners)
    )


def clean_name(value, max_length=None):
    """A name as shown beside what its owner writes: NFC, one line, single spaces, nothing
    invisible; cut to ``max_length``."""
    text = unicodedata.normalize("NFC", value if isinstance(value, str) else "")
    text = LINE_BREAKS.sub(" ", text)
    text = SPACES.sub(" ", remove_invisible(text, keep_lines=False)).strip()
    return text[:max_length].strip() if max_length else text


# Letters of other scripts drawn like Latin ones, as Latin, so "sсаm" (Cyrillic с and а)
# matches "scam". Unicode's confusables data (UTS #39) is not in Python's unicodedata, and
# the transliteration Wagtail brings (anyascii) goes by sound, not by look: Cyrillic "р" is
# "r" and "с" is "s" there, where a reader sees "p" and "c". So: a small table of the
# look-alikes in common use, lower case (text is case-folded first).
CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "с": "c",
        "т": "t",
        "у": "y",
        "ԝ": "w",
        "х": "x",
        "ԁ": "d",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ζ": "z",
        # Latin letters outside ASCII that read as ASCII ones
        "ɡ": "g",
        "ı": "i",
        "ȷ": "j",
        "ł": "l",
        "ø": "o",
        "ß": "ss",
    }
)


def for_matching(text):
    """The form in which checks compare text with word lists: compatibility-normalised
    (full-width and styled letters become plain ones), with no invisible characters at all,
    case-folded, look-alike letters as Latin ones, accents dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    text = remove_invisible(text, keep_joiners=False).casefold().translate(CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
