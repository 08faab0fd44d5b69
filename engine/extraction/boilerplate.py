"""Recognise page furniture that must never become a claim: menus, credits, prompts, tags, teasers.

Two kinds of evidence: lexical rules on each sentence and its line (these catch almost everything pasted or left
over by HTML extraction), and topical drift for the trailing teaser of another story, which has no marker but
talks about something else than the article body (measured with the MiniLM sentence embeddings).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.extraction.page import PageStructure, content_bounds, furniture_reason, read_page
from engine.extraction.types import Sentence

# Checked against the whole sentence, lowercased; each pattern is anchored and flat so matching is linear.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("navigation menu", re.compile(r"^(?:skip to (?:main )?content|main menu|menu|search|home)$")),
    (
        "share prompt",
        re.compile(
            r"^(?:share(?: this| on| via| the| article| story|$)|tweet\b|email this|print this|copy link"
            r"|(?:email|print|whatsapp|facebook|twitter|linkedin|reddit|pinterest|telegram|x|save|bookmark)$"
            r"|leave a comment|add a comment|post a comment|comments?\s*(?:\(\d+\))?$|\d+\s+comments?\b"
            r"|view comments|join the (?:conversation|discussion)|sign up\b|subscribe\b|get our newsletter"
            r"|follow us\b|click here\b|download (?:our|the) app|like us on|register\b|log ?in\b|sign in\b"
            r"|we use cookies|accept (?:all )?cookies|support our journalism|donate\b|share your thoughts)"
        ),
    ),
    (
        "related teaser",
        re.compile(
            r"^(?:also read|read also|read more|read next|related\b|see also|check also|check out|more from\b"
            r"|more on\b|more stories|recommended\b|you may also like|you might also like|most read|most popular"
            r"|trending\b|don't miss|don’t miss|latest news|further reading|editor'?s picks|what to read next"
            r"|next article|previous article|watch:|listen:|top stories|in other news|popular now|up next"
            r"|continue reading|keep reading|more:)"
        ),
    ),
    ("tag list", re.compile(r"^(?:tags?|topics?|filed under|categories|category|keywords|related topics)\s*:")),
    # An embedded tweet's sign-off: "— Mark Bixler (@CNNmarkbixler) January 10, 2015".
    ("post sign-off", re.compile(r"^[—–-]+\s*[^()]{1,60}\(@\w{1,30}\)\s*(?:[a-z]+\.? \d{1,2}, \d{4})?\s*$")),
    # "AFP contributed to this report.", "The Associated Press contributed reporting to this story."
    (
        "credit line",
        re.compile(r"^[\w .&'’-]{2,60} contributed (?:reporting )?to (?:this|the) (?:report|story|article)\b"),
    ),
    ("copyright line", re.compile(r"©|^\(c\)\s*\d{4}|\bcopyright\b|all rights reserved")),
    (
        "photo credit",
        re.compile(
            r"^(?:photos?|photograph|images?|pictures?|video|credit|illustration|file photo)\s*(?:credit)?\s*[:/|]"
            r"|(?:photo|image|picture|credit)\s*:\s*\S"
            r"|\((?:getty images|ap(?: photo)?[^)]{0,40}|reuters[^)]{0,40}|afp[^)]{0,40}|epa[^)]{0,40}"
            r"|file photo|photo[^)]{0,40}|image[^)]{0,40}|shutterstock)\)[\s.]*$"
            r"|[/|]\s*(?:getty images|afp|ap|reuters|epa|shutterstock|ap photo)\s*$"
        ),
    ),
    ("advertisement", re.compile(r"^(?:advertisement|sponsored(?: content)?|ad|promoted|paid content)$")),
    ("timestamp", re.compile(r"^(?:published|updated|posted|last updated|first published)\b.{0,60}$")),
    ("related teaser", re.compile(r"^(?:see more|see all related)\b")),
)
_MENU_SEPARATOR = re.compile(r"\s[|•·»›]\s|\s\|\s*|\s*\|\s")
_BYLINE = re.compile(
    r"^[Bb][Yy]:?\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s+and\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?"
    r"(?:\s*[,|/-]\s*[^.]{0,60})?$"
)
# "Sarah Kim, Health Correspondent": a name and a newsroom job title on a line of their own.
_CREDIT_LINE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){1,3},\s(?:[A-Z][\w-]*\s){0,3}"
    r"(?i:correspondent|writer|reporter|editor|columnist|contributor|staff|producer|journalist)s?\b[^.]{0,40}$"
)
# A press release's signature: a name and an office in capitals on a line of their own ("H.M. Davenport, Navarro
# County Judge"), no sentence.
_SIGNATURE = re.compile(r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3},\s[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,5}$")
# An upper-case kicker and a headline on one line: another story's teaser ("NYC MARIJUANA POLICY: Official eases ...").
_KICKER_HEADLINE = re.compile(r"^[A-Z][A-Z'’&.-]+(?:\s[A-Z][A-Z'’&.-]+)+:\s+[A-Z\"“‘']")
_TERMINAL = re.compile(r"[.!?…][\"'”’)]*$")
# What only a photo caption says about its picture ("Casey (left) told ...", "Nikolai pictured with ...", "seen
# here", "shown below"); "was pictured leaving" in prose is reporting, so an auxiliary before "pictured" rules it out.
_CAPTION_WORDS = re.compile(
    r"\((?:left|right|centre|center|pictured|above|below|top|bottom|inset|far left|far right)\)"
    r"|\bseen here\b|\bshown (?:here|below|above)\b"
    r"|^pictured\b|(?<!\bwas )(?<!\bis )(?<!\bwere )(?<!\bare )(?<!\bbeen )(?<!\bbe )(?<!\bbeing )"
    r"\bpictured (?:with|in|at|on|during|after|before|outside|inside|leaving|arriving|holding|here)\b",
    re.IGNORECASE,
)
_CAPTION_MIN_WORDS = 6
_KICKER_MAX_WORDS = 3
# Captions are told apart by their missing full stop only where the page's paragraphs mostly have one.
_PUNCTUATED_SHARE = 0.5
_OPENING_QUOTES = ("“", '"', "‘", "'", "«")
_WORD = re.compile(r"\w+")
# A bare cue line ("Related stories", "More from Reuters") opens a block of teaser headlines.
_SECTION_CUE_MAX_WORDS = 6
_HEADLINE_MAX_WORDS = 16
# MiniLM cosine to the article centroid: body sentences sit around 0.4-0.7, another story's teaser below ~0.2.
DRIFT_SIMILARITY = 0.22
_MIN_BODY_SENTENCES = 6
_BODY_SAMPLE = 12
_TAIL_SAMPLE = 10

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class _Line:
    index: int
    headline_like: bool


def detect_boilerplate(
    text: str,
    sentences: Sequence[Sentence],
    embed: Callable[[list[int]], Vectors | None],
) -> list[str | None]:
    """Return a reason per sentence, or None for article content; `embed(indices)` gives vectors on demand."""
    page = read_page(text)
    lines = _line_of_each_sentence(text, sentences)
    reasons: list[str | None] = [_rule_reason(s, text) or furniture_reason(page, s.start, s.end) for s in sentences]
    _mark_cut_runs(text, sentences, reasons)
    _mark_teaser_blocks(sentences, lines, reasons)
    _mark_trailing_drift(sentences, lines, reasons, embed)
    # Last, teasers before captions: a teaser's headline has no full stop either, and is named as the teaser it is.
    by_line = _sentences_by_line(lines)
    _mark_teaser_lines(text, sentences, by_line, reasons)
    _mark_captions(text, sentences, by_line, reasons)
    return reasons


def _sentences_by_line(lines: list[_Line]) -> dict[int, list[int]]:
    """The sentence indices on each line of the text, in order."""
    by_line: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        by_line.setdefault(line.index, []).append(i)
    return by_line


def _mark_cut_runs(text: str, sentences: Sequence[Sentence], reasons: list[str | None]) -> None:
    """Pieces of a run the splitter cut by length (no sentence break for hundreds of characters) are no claims.

    A cut leaves a piece that stops mid-line without sentence punctuation and a piece that carries on the same line:
    neither is a sentence anybody wrote, and scoring them turned one pasted blob into a hundred junk claims.
    """
    for i in range(len(sentences) - 1):
        first, second = sentences[i], sentences[i + 1]
        if "\n" in text[first.end : second.start] or _TERMINAL.search(first.text):
            continue
        for index in (i, i + 1):
            if reasons[index] is None:
                reasons[index] = "run without sentence breaks"


def trim_furniture(text: str, sentences: Sequence[Sentence], page: PageStructure | None = None) -> list[Sentence]:
    """The sentences without the furniture glued to them ("By <name> <CITY> (<Agency>) - <lede>" keeps the lede).

    A sentence that is furniture through and through is kept whole, for `detect_boilerplate` to mark.
    """
    page = page or read_page(text)
    trimmed: list[Sentence] = []
    for sentence in sentences:
        start, end = content_bounds(page, text, sentence.start, sentence.end)
        if start >= end or (start, end) == (sentence.start, sentence.end):
            trimmed.append(sentence)
        else:
            trimmed.append(Sentence(start, end, text[start:end]))
    return trimmed


def _rule_reason(sentence: Sentence, text: str) -> str | None:
    stripped = sentence.text.strip()
    lowered = stripped.lower()
    for reason, pattern in _RULES:
        if pattern.search(lowered):
            return reason
    if len(_MENU_SEPARATOR.findall(stripped)) >= 2:
        return "navigation menu"
    if (_BYLINE.match(stripped) or _CREDIT_LINE.match(stripped)) and _is_whole_line(text, sentence):
        return "byline"
    if _SIGNATURE.match(stripped) and _is_whole_line(text, sentence):
        return "signature"
    return None


def _is_whole_line(text: str, sentence: Sentence) -> bool:
    return _fills_its_line(text, sentence.start, sentence.end)


def _fills_its_line(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is all that stands on its line, spaces aside."""
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    line = text[before + 1 : after if after >= 0 else len(text)]
    return line.strip() == text[start:end].strip()


def _line_of_each_sentence(text: str, sentences: Sequence[Sentence]) -> list[_Line]:
    lines: list[_Line] = []
    index = -1
    previous_end = 0
    for position, sentence in enumerate(sentences):
        if position == 0 or "\n" in text[previous_end : sentence.start]:
            index += 1
        previous_end = sentence.end
        lines.append(_Line(index, _headline_like(sentence.text) and _is_whole_line(text, sentence)))
    return lines


def _headline_like(sentence: str) -> bool:
    words = len(_WORD.findall(sentence))
    return 0 < words <= _HEADLINE_MAX_WORDS and not _TERMINAL.search(sentence) and sentence[:1].isupper()


def _mark_captions(
    text: str, sentences: Sequence[Sentence], by_line: dict[int, list[int]], reasons: list[str | None]
) -> None:
    """Photo captions pasted among the paragraphs, as tabloid pages print them.

    - A caption's own words: "(left)", "(pictured)", "seen here", "shown below", "Nikolai pictured with ...".
      Opening a line, or in a sentence that opens "Pictured ...", they make the whole line a caption ("Nikolai
      pictured with a load of cutlery. He claims ..."); further into a paragraph, only their sentence.
    - A line of sentence length without a sentence's closing punctuation, between punctuated paragraphs: "Two
      decades later it has no mould on it whatsoever". Not the first line (a headline) nor the last (a body cut
      short), not a lead-in ending in a colon nor a quotation, and only on a page whose paragraphs mostly close
      properly (a page without punctuation has no captions to tell apart).
    """
    for members in by_line.values():
        for position, i in enumerate(members):
            sentence = sentences[i].text.lstrip()
            if reasons[i] is None and _CAPTION_WORDS.search(sentence):
                whole = position == 0 or sentence.lower().startswith("pictured")
                for j in members if whole else [i]:
                    reasons[j] = reasons[j] or "photo caption"
    if len(by_line) < 3:
        return
    whole_lines = [members for members in by_line.values() if len(members) == 1]
    punctuated = sum(bool(_TERMINAL.search(sentences[m[0]].text.strip())) for m in whole_lines)
    if punctuated < _PUNCTUATED_SHARE * len(whole_lines):
        return
    first, last = min(by_line), max(by_line)
    for index, members in by_line.items():
        # "Big foot? Some have suggested the video was a stunt": a short kicker may open the caption.
        kicker = members[:-1]
        if index in (first, last) or any(len(_WORD.findall(sentences[k].text)) > _KICKER_MAX_WORDS for k in kicker):
            continue
        i = members[-1]
        sentence = sentences[i].text.strip()
        if reasons[i] is not None or _TERMINAL.search(sentence) or sentence.rstrip("\"'”’»").endswith((":", ",", ";")):
            continue
        if sentence[:1] in _OPENING_QUOTES or ". " in sentence:
            continue  # a quotation whose closing stop was left out, or prose the splitter kept whole
        whole_line = _fills_its_line(text, sentences[members[0]].start, sentences[i].end)
        if len(_WORD.findall(sentence)) >= _CAPTION_MIN_WORDS and whole_line:
            for j in members:
                reasons[j] = reasons[j] or "photo caption"


def _mark_teaser_lines(
    text: str, sentences: Sequence[Sentence], by_line: dict[int, list[int]], reasons: list[str | None]
) -> None:
    """A line that opens with a teaser cue ("MORE: Nelly the neat freak! Elephant picks up litter ...") is a teaser
    to its end; so is an upper-case kicker before a headline with no full stop ("NYC MARIJUANA POLICY: Official eases
    practices for low-level offenses")."""
    for members in by_line.values():
        opening = sentences[members[0]]
        line = text[opening.start : sentences[members[-1]].end].strip()
        cue = reasons[members[0]] == "related teaser" and ":" in opening.text[:20]
        kicker = _KICKER_HEADLINE.match(line) is not None and not _TERMINAL.search(line)
        if cue or kicker:
            for j in members:
                reasons[j] = reasons[j] or "related teaser"


def _mark_teaser_blocks(sentences: Sequence[Sentence], lines: list[_Line], reasons: list[str | None]) -> None:
    """After a bare cue line ("Related stories"), the headline-like lines that follow are teasers too."""
    in_block = False
    for i, sentence in enumerate(sentences):
        if reasons[i] == "related teaser" and len(_WORD.findall(sentence.text)) <= _SECTION_CUE_MAX_WORDS:
            in_block = True
            continue
        if not in_block:
            continue
        if reasons[i] is not None:
            continue
        if lines[i].headline_like:
            reasons[i] = "related teaser"
        else:
            in_block = False


def _mark_trailing_drift(
    sentences: Sequence[Sentence],
    lines: list[_Line],
    reasons: list[str | None],
    embed: Callable[[list[int]], Vectors | None],
) -> None:
    """Mark the last lines as an unrelated teaser: off the article's topic, from a headline-like line to the end."""
    content = [i for i, reason in enumerate(reasons) if reason is None]
    if len(content) < _MIN_BODY_SENTENCES + 1:
        return
    body = content[: max(_MIN_BODY_SENTENCES, len(content) // 2)]
    if lines[content[-1]].index <= lines[body[-1]].index:
        return  # no line after the body: nothing could be a trailing teaser, so skip the embedding cost
    # The topic is set by the opening of the article and a teaser is short: embedding a bounded sample of both
    # keeps the transformer cost per article constant when the caller has no vectors yet.
    body = body[:_BODY_SAMPLE]
    candidates = [i for i in content if lines[i].index > lines[body[-1]].index][-_TAIL_SAMPLE:]
    if not any(lines[i].headline_like for i in candidates):
        return  # another story's teaser opens with its headline; without one there is nothing to cut
    vectors = embed(body + candidates)
    if vectors is None or len(vectors) != len(body) + len(candidates):
        return
    centroid = vectors[: len(body)].mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return
    similarity = dict(zip(candidates, vectors[len(body) :] @ (centroid / norm), strict=True))
    # Walk back over whole lines from the end while each line, on average, is off topic.
    line_members: dict[int, list[int]] = {}
    for i in candidates:
        line_members.setdefault(lines[i].index, []).append(i)
    tail: list[int] = []
    for line_index in sorted(line_members, reverse=True):
        members = line_members[line_index]
        if float(np.mean([similarity[i] for i in members])) >= DRIFT_SIMILARITY:
            break
        tail = members + tail
    if not tail:
        return
    # The other story starts at its headline; off-topic body sentences before it are the article's own ending.
    headline_at = next((position for position, i in enumerate(tail) if lines[i].headline_like), None)
    if headline_at is None:
        return
    tail = tail[headline_at:]
    for i in tail:
        reasons[i] = "unrelated teaser"
