"""Read a news page's structure from its text: title, byline, dateline, publication date and the furniture around it.

Works on pasted text and on the text HTML extraction leaves, line by line. The result names what the editor would
file as metadata (stored on the article) and the character spans that are page furniture: those never become a
claim or part of one. Every pattern is anchored or bounded, so reading stays linear in the page length.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field

import dateparser

from engine.lexicon import MONTH_NUMBERS

# News agencies that sign datelines and photo credits; matched case-sensitively as written on pages.
_AGENCIES = (
    r"Reuters|AP|AFP|UPI|Bloomberg|dpa|DPA|Xinhua|IANS|PTI|ANI|CNN|BBC|Sputnik|TASS|Anadolu(?: Agency)?|AA|EFE|ANSA"
    r"|Kyodo|Yonhap|WAFA|SUNA|SPA|WAM|MENA|IRNA|KUNA|QNA|APA|NNA|Al Jazeera|Getty Images|EPA|EPA-EFE|Shutterstock"
    r"|The Associated Press|Associated Press|Agence France-Presse|Agence France Presse|AP Photo|Reuters Photo|AFP Photo"
)
_AGENCY_WORD = re.compile(rf"^(?:{_AGENCIES})$")
_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
# A date a reader cannot misread: a month by name with a year ("12 March 2024", "Mar. 12, 2024", "Sept. 3, 2014 5:00
# PM") or year-first digits ("2024-03-12", "2024/03/12T10:05Z"). "03/04/2025" is 3 April on a British page and March 4
# on an American one: a wrong publication date is worse than none (it decides which report counts as the original).
_UNAMBIGUOUS_DATE = re.compile(
    rf"\b(?:{_MONTH})\.?\b.*\b(?:19|20)\d\d\b|\b(?:19|20)\d\d\b.*\b(?:{_MONTH})\b|\b(?:19|20)\d\d[-/.]\d{{1,2}}[-/.]\d{{1,2}}",
    re.IGNORECASE,
)
# Where a date line's date ends and its furniture begins: "12 March 2024 | Updated 14:05 GMT", "4 March 2025 · 3 min
# read", "March 4, 2025 — Updated".
_DATE_LINE_SEPARATOR = re.compile(r"\s*(?:[|·•—–]|\s-\s|\bupdated\b|\blast\s+modified\b|\bby\b)\s*", re.IGNORECASE)
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}
_DATE_LINE_WORDS = re.compile(
    rf"^(?:(?:published|updated|posted|first published|last updated|last modified|date|on)\b[:\s]*|{_WEEKDAY}\s*)*",
    re.IGNORECASE,
)
_DATE_LINE_MAX_WORDS = 12
# "By Jane Doe", "By JANE DOE and John Roe", "By: Jane Doe, Reuters" on a line of its own.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|el|bin|da|di|la|le)){0,4}"
_BYLINE_LINE = re.compile(
    rf"^[Bb][Yy]:?\s+(?P<name>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME}){{0,3}})(?P<rest>.*)$"
)
# Capitalised words that open a line with a colon as a label, not as the place of a dateline ("UPDATE: ...").
_LABELS_BEFORE_A_COLON = frozenset(
    {
        "UPDATE",
        "UPDATED",
        "UPDATES",
        "WARNING",
        "BREAKING",
        "BREAKING NEWS",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "PHOTO",
        "PHOTOS",
        "PICTURES",
        "NOTE",
        "EDITOR'S NOTE",
        "EDITORS NOTE",
        "CORRECTION",
        "CLARIFICATION",
        "LIVE",
        "ALERT",
        "READ",
        "LISTEN",
        "ANALYSIS",
        "OPINION",
        "COMMENT",
        "SPOILER",
        "SPOILERS",
        "FACT CHECK",
        "UPDATE 1",
        "UPDATE 2",
        "UPDATE 3",
        "RELATED",
        "MORE",
        "SOURCE",
        "SOURCES",
        "TRANSCRIPT",
        "FULL TEXT",
        "WARNING GRAPHIC",
        "GRAPHIC",
        "GRAPHIC CONTENT",
        "Q",
        "A",
    }
)
# The place of a dateline: "WASHINGTON", "KHARTOUM, Sudan", "TEXAS CITY, Texas", "NEW YORK/LONDON".
_PLACE = r"[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})"
    rf"(?:,?\s+(?:{_MONTH})\.?\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"  # "GENEVA, March 3 (Reuters)"
    r"\s*(?:\((?P<agency>[A-Z][\w .&'’-]{0,40}?)\))?"
    r"(?:\s*(?:-{1,2}|—|–|:)\s+(?=\S)|\s*—(?=\S))",  # "BEIRUT—Former officers ..." has no spaces
)
_AGENCY_DATELINE = re.compile(rf"^\((?P<agency>{_AGENCIES})\)\s*(?:-{{1,2}}|—|–)\s*(?=[A-Z\"“‘'\d])")
# A byline glued to the dateline on the lede's line: "By Jane Doe KHARTOUM, Sudan (AP) - ...".
_GLUED_BYLINE = re.compile(r"^[Bb][Yy]:?\s+(?P<name>(?:[A-Z][a-z][\w.'’-]*\s+){1,4}?)(?=[A-Z]{2,}[A-Z.'’-]*[\s,(/-])")
# An image marker pasted from a page, alone or glued to the first word: "Image", "[Image via Facebook]", "PhotoThe".
_IMAGE_MARKER = re.compile(
    r"^(?:\[(?:image|photo|picture|video)[^\]\n]{0,120}\]\s*"
    r"|(?:Image|Photo|Picture|Video|Embed|Gallery|Slideshow)(?:\s*\d+\s*(?:of\s*\d+)?)?(?=[A-Z\"“‘]|\s*$))"
)
# A caption ends with the photographer and agency: "... in Khartoum. (Ebrahim Hamid/AFP via Getty Images)".
_CAPTION_CREDIT = re.compile(
    rf"(?:\(|\[|\b(?:Photo|Image|Picture|Credit|Photograph)s?\s*(?:credit)?\s*[:/|-]\s*|[/|]\s*|\s[-—–]\s)"
    rf"\s*(?:[A-Z][\w.'’-]*\s+){{0,4}}(?:/\s*)?(?:{_AGENCIES})(?:\s*(?:via|/)\s*(?:{_AGENCIES}))?"
    r"(?:\s+(?:file\s+)?photo)?[)\]]?\.?\s*$",
)
# A wire photo caption's own dateline closes the line: "... march during a rally ..., in Abuja October 17, 2014." News
# prose says "on October 17"; the caption style leaves the "on" out and puts place and full date last.
_CAPTION_DATELINE = re.compile(
    rf",?\s+in\s+(?:[A-Z][\w.'’-]*\s+){{1,4}}(?i:{_MONTH})\s+\d{{1,2}},\s+(?:19|20)\d\d\.?\s*$"
)
_CREDIT_LINE = re.compile(
    r"\(?\s*(?:Additional\s+)?(?:reporting|writing|editing|compiled|edited|produced|translated|research)"
    r"(?:\s+and\s+\w+)?\s+by\b[^()\n]{0,300}\)?\s*$",
    re.IGNORECASE,
)
# "This article originally appeared at Reuters. Copyright 2014. Follow Reuters on Twitter.": where a republished text
# came from, a line of its own at either end of the body.
_REPUBLISHED = re.compile(
    r"^\(?\s*(?:this|the)\s+(?:article|story|post|piece|report)\s+(?:was\s+|has\s+been\s+)?(?:originally|first)\s+"
    r"(?:appeared|published|posted|ran)\b",
    re.IGNORECASE,
)
_AGENCY_SIGNOFF = re.compile(rf"^\(?(?:{_AGENCIES}|Information from:.*|_{{3,}}|-{{3,}}|\*{{3,}})\)?\.?$")
_SITE_HEADING = re.compile(r"\b(?:19|20)\d\d\s*[-–—]\s*(?:(?:19|20)\d\d|present|today)\b|\s[|•·»]\s.*\s[|•·»]\s")
_TAG_LINE = re.compile(r"(?:^|[\s,.])(?:tags?|topics?|filed under|categories|keywords)\s*:", re.IGNORECASE)
_PROMPT = re.compile(
    r"^(?:share|tweet|email|print|comments?|leave a comment|add a comment|join the (?:conversation|discussion)"
    r"|follow us|sign up|subscribe|click here|whatsapp|facebook|twitter|linkedin)\b.{0,60}$",
    re.IGNORECASE,
)
# Cue lines that open another story's teaser; what follows them to the end of a short tail is not the article.
_TEASER_CUE = re.compile(
    r"^(?:check also|also read|read also|read more|read next|related(?: stories| articles| news| coverage| content)?"
    r"|see also|see more|more from\b.*|more on\b.*|more stories|recommended(?: for you)?|you may also like"
    r"|you might also like|most read|most popular|don'?t miss|don’t miss|further reading|what to read next"
    r"|up next|trending(?: now)?|latest news|top stories|in other news|popular now)\s*:?\s*",
    re.IGNORECASE,
)
_TEASER_TAIL_MAX_LINES = 4
_TERMINAL = re.compile(r"[.!?…][\"'”’)]*$")
_WORD = re.compile(r"\w+")
_TITLE_MAX_WORDS = 30
_ALT_TEXT_MAX_WORDS = 8
# Only the first few lines of a page can be its head (title, byline, date line); after that the body has begun.
_HEAD_LINES = 8


@dataclass(frozen=True, slots=True)
class Furniture:
    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class PageStructure:
    title: str = ""
    byline: str = ""
    dateline_place: str = ""
    dateline_agency: str = ""
    published: datetime.date | None = None
    furniture: tuple[Furniture, ...] = field(default_factory=tuple)

    @property
    def dateline(self) -> str:
        """Place and agency as a dateline prints them: "KHARTOUM, Sudan (AP)"."""
        if self.dateline_agency:
            return f"{self.dateline_place} ({self.dateline_agency})".strip()
        return self.dateline_place


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str


def read_page(text: str, *, site_names: tuple[str, ...] = ()) -> PageStructure:
    """Read the head, the furniture and the metadata of a news page given as text.

    `site_names` (the outlet's name, its domain) mark a heading that only names the site.
    """
    sites = tuple(name.casefold() for name in site_names if name.strip())
    lines = _lines(text)
    furniture: list[Furniture] = []
    title = byline = place = agency = ""
    published: datetime.date | None = None
    head_done = seen_content = False
    for position, line in enumerate(lines):
        stripped = line.text
        marker = _IMAGE_MARKER.match(stripped)
        if marker:
            furniture.append(Furniture(line.start, line.start + marker.end(), "image marker"))
            stripped = stripped[marker.end() :]
            line = _Line(line.start + marker.end(), line.end, stripped)
            if not stripped.strip():
                continue
        in_head = not head_done and position < _HEAD_LINES
        if in_head:
            found = _date_line(stripped)
            if found is not None:
                published = published or found
                furniture.append(Furniture(line.start, line.end, "date line"))
                continue
            if (_SITE_HEADING.search(stripped) and not _TERMINAL.search(stripped)) or _names_site(stripped, sites):
                furniture.append(Furniture(line.start, line.end, "site heading"))
                continue
            by = _BYLINE_LINE.match(stripped)
            if (by and not by.group("rest").strip(" ,|-—–")) or (by and _byline_rest_is_role(by.group("rest"))):
                byline = byline or by.group("name").strip()
                furniture.append(Furniture(line.start, line.end, "byline"))
                continue
        # A colon after the place ("BEIRUT: ...") dates only the first line of prose; further down, an upper-case
        # phrase and a colon is a kicker ("NYC MARIJUANA POLICY: Official eases ...").
        lede = _lede_head(stripped, colon=not seen_content) if in_head or position < _HEAD_LINES + 2 else None
        if lede is not None and not place:
            name, dl_place, dl_agency, length = lede
            byline = byline or name
            place, agency = dl_place, dl_agency
            furniture.append(Furniture(line.start, line.start + length, "dateline"))
            head_done = True
            continue
        if in_head and not seen_content and _title_like(stripped) and not _line_reason(stripped):
            # The title block: a kicker ("Calder floods") above the headline, or a headline over a subhead. Every
            # line of it is furniture; the longest is the title (a kicker is a label, the headline says something).
            if len(_WORD.findall(stripped)) > len(_WORD.findall(title)):
                title = stripped.strip()
            furniture.append(Furniture(line.start, line.end, "title"))
            continue
        reason = _line_reason(stripped)
        if reason is not None:
            furniture.append(Furniture(line.start, line.end, reason))
            continue
        credit = _CREDIT_LINE.search(stripped)
        if (credit and credit.group(0).lstrip().startswith("(")) or (credit and credit.start() == 0):
            furniture.append(Furniture(line.start + credit.start(), line.end, "credit line"))
            continue
        seen_content = True
        if _is_body_line(stripped):
            head_done = True
    furniture.extend(_teaser_tail(lines))
    return PageStructure(
        title=title,
        byline=byline,
        dateline_place=place,
        dateline_agency=agency,
        published=published,
        furniture=tuple(sorted(set(furniture), key=lambda f: (f.start, f.end))),
    )


def furniture_reason(page: PageStructure, start: int, end: int) -> str | None:
    """The furniture reason when the span lies wholly inside furniture, else None."""
    for item in _near(page, start, end):
        if item.start <= start and end <= item.end:
            return item.reason
    return None


def content_bounds(page: PageStructure, text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a span past the furniture at its start and its end (a byline and dateline glued to the lede)."""
    changed = True
    while changed and start < end:
        changed = False
        for item in _near(page, start, end):
            if item.start <= start < item.end < end:
                start = item.end
                changed = True
            elif start < item.start < end <= item.end:
                end = item.start
                changed = True
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _near(page: PageStructure, start: int, end: int) -> list[Furniture]:
    """The furniture that can overlap [start, end): spans are sorted by start and rarely nest."""
    furniture = page.furniture
    first = max(0, bisect.bisect_right(furniture, start, key=lambda item: item.start) - 3)
    near: list[Furniture] = []
    for item in furniture[first:]:
        if item.start >= end:
            break
        if item.end > start:
            near.append(item)
    return near


def _names_site(line: str, sites: tuple[str, ...]) -> bool:
    # "Daily News" or "Daily News | World": the site's name alone or ahead of a section name.
    head = re.split(r"\s[|\-—–:·•]\s", line.casefold(), maxsplit=1)[0].strip(" |-—–:")
    return head in sites


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def _date_line(line: str) -> datetime.date | None:
    """The date of a line that is only a date (with its "Published"/weekday/time furniture), else None.

    dateparser reads the date and any time and zone with it ("10:05 AM EST, Tue March 4, 2025", "Tuesday 4 March 2025
    14.05 GMT", "2025-03-04T10:05:00Z"); this function decides whether the line is a date line at all.
    """
    words = len(_WORD.findall(line))
    if words == 0 or words > _DATE_LINE_MAX_WORDS or (_TERMINAL.search(line) and line.count(".") > 2):
        return None
    # A sentence that states a date ("14 people died on March 3, 2025, police said") is content, not a date line.
    if re.search(r"\b(?:said|says|was|were|has|have|is|are)\b", line, re.IGNORECASE):
        return None
    rest = _DATE_LINE_WORDS.sub("", line, count=1).strip()
    date_part = _DATE_LINE_SEPARATOR.split(rest, maxsplit=1)[0]
    if not _UNAMBIGUOUS_DATE.search(date_part):
        return None
    parsed = dateparser.parse(date_part, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed is not None else None


def _byline_rest_is_role(rest: str) -> bool:
    """ "By Jane Doe, Reuters" or "By Jane Doe | Health Correspondent": a job or outlet, not a sentence."""
    rest = rest.strip()
    return bool(rest) and rest[0] in ",|-—–/" and len(_WORD.findall(rest)) <= 8 and not _TERMINAL.search(rest)


def _lede_head(line: str, *, colon: bool = True) -> tuple[str, str, str, int] | None:
    """Byline name, dateline place, agency and the length of that prefix when the line opens with a dateline."""
    name = ""
    offset = 0
    glued = _GLUED_BYLINE.match(line)
    if glued:
        name = glued.group("name").strip()
        offset = glued.end()
    match = _DATELINE.match(line[offset:])
    if match is None:
        agency_only = _AGENCY_DATELINE.match(line[offset:])  # "(Reuters) - Even in India, ..."
        if agency_only is None:
            return None
        return name, "", agency_only.group("agency"), offset + agency_only.end()
    place = match.group("place").strip()
    agency = (match.group("agency") or "").strip()
    # A dateline's place is written in capitals; without an agency it must also be short ("LONDON —").
    head = place.split(",")[0]
    if not head.replace(" ", "").replace("/", "").replace(".", "").replace("-", "").isupper():
        return None
    if agency and not (_AGENCY_WORD.match(agency) or agency.isupper() or len(agency.split()) <= 3):
        return None
    if not agency and len(head.split()) > 3:
        return None
    if (
        not agency
        and match.group(0).rstrip().endswith(":")
        and (not colon or head.replace("’", "'") in _LABELS_BEFORE_A_COLON)
    ):
        return None  # "UPDATE: ...", "WARNING: ..." label the line; "BEIRUT: ...", "DUBAI: ..." date it
    if len(head) < 3 and not agency:
        return None
    # The lede after a dateline opens a sentence; "NATO - the alliance - said" is a sentence, not a dateline.
    after = line[offset + match.end() : offset + match.end() + 1]
    if not (after.isupper() or after.isdigit() or after in "\"“‘'"):
        return None
    return name, place, agency, offset + match.end()


def _title_like(line: str) -> bool:
    words = len(_WORD.findall(line))
    if words == 0 or words > _TITLE_MAX_WORDS:
        return False
    if _TERMINAL.search(line) and not line.rstrip().endswith(("?", "!")):
        return False
    return line[:1].isupper() or line[:1] in "\"“‘'" or line[:1].isdigit()


def _line_reason(line: str) -> str | None:
    if _CAPTION_CREDIT.search(line) or _CAPTION_DATELINE.search(line):
        return "photo caption"
    if _REPUBLISHED.match(line):
        return "republication credit"
    # An image's alt text pasted as a line of its own: a few lower-case words, no sentence ("iraqi news gas attack").
    words = len(_WORD.findall(line))
    if line[:1].isalpha() and line == line.lower() and words <= _ALT_TEXT_MAX_WORDS and not _TERMINAL.search(line):
        return "image alt text"
    if _AGENCY_SIGNOFF.match(line):
        return "agency sign-off"
    if _TAG_LINE.search(line) and not _TERMINAL.search(line):
        return "tag list"
    if _PROMPT.match(line) and not _TERMINAL.search(line):
        return "share prompt"
    cue = _TEASER_CUE.match(line)
    if cue and not _TERMINAL.search(line):
        return "related teaser"
    return None


def _is_body_line(line: str) -> bool:
    return len(_WORD.findall(line)) >= 12 and bool(_TERMINAL.search(line))


def _teaser_tail(lines: list[_Line]) -> list[Furniture]:
    """A teaser cue near the end ("Check also") opens another story: the cue and what follows it are furniture."""
    for position in range(max(0, len(lines) - _TEASER_TAIL_MAX_LINES - 1), len(lines)):
        line = lines[position]
        cue = _TEASER_CUE.match(line.text)
        # Only a bare cue line ("Check Also") opens a tail; "Read more <headline>" is one teaser line on its own.
        if cue is None or cue.end() < len(line.text) or _TERMINAL.search(line.text):
            continue
        return [Furniture(item.start, item.end, "related teaser") for item in lines[position:]]
    return []


_TITLE_SITE_SUFFIX = re.compile(r"\s+(?:\||-|—|–|::|•|·)\s+[^|—–:•·]{1,60}$")


def clean_title(title: str, *, site_names: tuple[str, ...] = ()) -> str:
    """A page's <title> without the site's name ("Floods kill 40 | Daily News"); "" for a date line or site heading."""
    title = " ".join(title.split())
    sites = tuple(name.casefold() for name in site_names if name.strip())
    if not title or _date_line(title) is not None or _SITE_HEADING.search(title) or _names_site(title, sites):
        return ""
    suffix = _TITLE_SITE_SUFFIX.search(title)
    if suffix and len(_WORD.findall(title[: suffix.start()])) >= 3:
        title = title[: suffix.start()]
    return title


def first_content_line(text: str, page: PageStructure) -> str:
    """The first line of the page that is not furniture: the lede, when a page has no title."""
    for line in _lines(text):
        if furniture_reason(page, line.start, line.end) is None:
            start, end = content_bounds(page, text, line.start, line.end)
            return text[start:end]
    return ""
