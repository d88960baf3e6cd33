"""Phrases match only the text a reader may see.

Every story is found by its whole text for plain words, gated part included: a member
searching for a name finds the story that mentions it further down. An ordered phrase is
another matter: a result count that answers yes or no to "Fifteen Russian soldiers were
killed" against "…were saved" lets anyone rebuild gated sentences word by word. So for a
reader who is not entitled to a story, its quoted phrases (and excluded phrases, whose
absence would answer the same question) are matched against the story's public text only:
headline, standfirst and lead-in, as the wall's policy gives them to every anonymous reader.
"""

from dataclasses import replace

from masthead.access import policy
from masthead.news.models import ArticlePage

from .query import fold, words_of


def ordered(parsed):
    """The phrases a reader typed as phrases ("in quotes"), not single tokens the engines
    split ("S-300", "Ben-Gvir"), which count as words."""
    return [
        phrase for phrase, typed in zip(parsed.phrases, parsed.typed, strict=True) if " " in typed
    ]


def excluded_phrases(parsed):
    return [words for words in parsed.excluded if len(words) > 1]


def applies(parsed, reader):
    """Whether this search needs the check: phrases asked by a reader the wall may stop
    (members and staff read every story whole on this site; anonymous pages are shared, so
    their answer must be every anonymous reader's, meter or not)."""
    if policy.reader_kind(reader) != "anonymous":
        return False
    return bool(ordered(parsed) or excluded_phrases(parsed))


def without_excluded_phrases(parsed):
    """The query the engine runs to find the candidates: excluded phrases are checked here."""
    return replace(parsed, excluded=tuple(w for w in parsed.excluded if len(w) == 1))


def _contains(words, phrase):
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _folded(words):
    return tuple(fold(word) for word in words)


def keep(parsed, hits, matched_whole):
    """The hits an anonymous reader's phrases may find, in their order.

    `hits` are the engine's matches for `without_excluded_phrases(parsed)`; `matched_whole`
    the pks that also match the excluded phrases' condition on the whole text. A story the
    reader may read whole keeps the engine's answer; any other must show its phrases, and
    must not show an excluded one, in its public text."""
    wanted = [_folded(phrase) for phrase in ordered(parsed)]
    unwanted = [_folded(phrase) for phrase in excluded_phrases(parsed)]
    articles = ArticlePage.objects.in_bulk([hit.pk for hit in hits])
    kept = []
    for hit in hits:
        article = articles.get(hit.pk)
        if article is None:
            continue
        if policy.anonymous_decision(article).entitled:
            if hit.pk in matched_whole:
                kept.append(hit)
            continue
        visible = _folded(words_of(policy.public_text(article)))
        if all(_contains(visible, p) for p in wanted) and not any(
            _contains(visible, p) for p in unwanted
        ):
            kept.append(hit)
    return kept
