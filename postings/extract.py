"""The skills a job posting asks for, with the words that ask: pure, offline, explainable.

Text in, matches out. No Django and no model: a `Matcher` is compiled once from terms
(a skill's name, its aliases, crosswalk labels) into a token trie, then reused for every
posting until the taxonomy changes (postings/services.py keys it on the taxonomy version).

Why a hand-built token trie rather than pyahocorasick or rapidfuzz (docs/postings.md):
matching whole tokens gives word boundaries by construction ("Java" is never inside
"JavaScript"); the tokenizer, not a character automaton, knows that "C++", "C#", "CI/CD",
"Node.js" and ".NET" are names; both sides go through the same light stemmer, so
"deploying models" meets "deploy model"; and a gap token lets a paraphrase rule span a
few words ("deploy our ranking models"). A walk costs one dict lookup a token, whatever
the number of skills. Fuzzy matching would buy typo tolerance at the price of
explainability and precision ("Java" ~ "Jira").

Context decides whether a match counts: sections ("Requirements", "Nice to have",
"Benefits", "About us"), boilerplate sentences (equal opportunity, perks, company
descriptions, industry tag lines) and negation ("no Java needed", "Kubernetes is not
required").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .phrasings import BLOCKERS, GENERIC, PATTERNS, QUALIFIERS

GAP = "\x00gap"  # a trie edge that skips 0..MAX_GAP words: written "..." in a pattern
MAX_GAP = 3
# A gap never skips a list's joints: "validate models and avoid data" is not "validate data".
_GAP_STOPS = frozenset({",", "and", "or", "but", "not", "no"})

# Words: letters and digits, with C++/C#/F#'s suffix and an inner apostrophe (don't).
# Glue: "/", "&" and "," anywhere (no term holds a comma: it only stops a rule's gap);
# ".", "-" and "+" only between two characters of a word.
TOKEN_RE = re.compile(
    r"(?P<word>[A-Za-z0-9]+(?:\+\+|#(?![A-Za-z0-9]))?(?:'[A-Za-z]+)?)"
    r"|(?P<glue>[/&,]|(?<=[A-Za-z0-9])[.\-+](?=[A-Za-z0-9])|(?<![A-Za-z0-9])\.(?=[A-Za-z]))"
    r"|(?P<stop>[.;:!?()\[\]{}|•·\n\r\t\"–—]|(?<!\w)-|-(?!\w))"
)


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    start: int
    end: int
    glue: bool = False


# "engineering" is a field, "engineer" a job title: a blocker for the title must not hide
# the field ("data engineering" asks for pipelines, "data engineer" names the job).
# Nor may a skill's word fold into a common one: "clustering" is not "GPU clusters", nor
# "scheduling" "on schedule", nor "logistics" "logistic regression".
_KEEP = frozenset(
    {
        "engineering",
        "programming",
        "learning",
        "training",
        "testing",
        "serving",
        "clustering",
        "scheduling",
        "logistics",
        "packaging",
        "documenting",
    }
)


@functools.lru_cache(maxsize=1 << 16)  # words repeat: a posting's, every term's
def stem(word: str) -> str:
    """A light stemmer both sides share: plural, -ing, -ed, British -ise spellings."""
    if re.fullmatch(r"[A-Z0-9]{2,}s", word):  # an acronym's plural: GPUs, APIs, LLMs
        return word[:-1].lower()
    w = word.lower()
    if not w.isalpha() or len(w) <= 3 or w in _KEEP:
        return w
    w = re.sub(r"is(ation|ations|e|es|ed|ing|er|ers)$", r"iz\1", w)
    w = re.sub(r"yse(s|d)?$", r"yze\1", w)  # analyse -> analyze
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            if w.endswith("ll"):
                w = w[:-1]  # modelling -> model
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # collaborate ~ collaborating
    return w


# Acronyms that are also English words match only in capitals ("SOLID" is not "solid
# understanding", "RAG" is not a rag): the token keeps its case, marked so no word equals it.
CASED = frozenset(
    {
        "SOLID",
        "RAG",
        "LIME",
        "SHAP",
        "PE",
        "DOE",
        "MES",
        "SNS",
        "TF",
        "ROC",
        "NER",
        "EIT",
        "RL",
        "CAPA",
        "SPC",
        "HMI",
        "IAM",
        "PII",
        "QA",
        "ROI",
        "R",  # the language; not the letter of "R&D" or "Q&A" in lower case
        "TVM",
        "XLA",
        "CI",
        "JS",
        "HPO",
        "MDP",
        "PPO",
        "DPO",
        "ESB",
        "NATS",
    }
)


def _norm(word: str, stemmed: bool) -> str:
    if word in CASED:
        return "\x01" + word
    return stem(word) if stemmed else word.lower()


def tokenize(text: str, *, stemmed: bool = True) -> list[Token | None]:
    """Tokens of `text`; None where a clause or sentence ends (no phrase crosses it)."""
    out: list[Token | None] = []
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup == "word":
            out.append(Token(_norm(m.group(), stemmed), m.start(), m.end()))
        elif m.lastgroup == "glue":
            if m.group() != "-":  # "mixed-precision" is "mixed precision", "scikit-learn" too
                out.append(Token(m.group(), m.start(), m.end(), glue=True))
        elif out and out[-1] is not None:
            out.append(None)
    return out


def phrase_tokens(phrase: str, *, stemmed: bool = True) -> tuple[str, ...]:
    parts = []
    for piece in phrase.split("..."):
        parts.append([t.norm for t in tokenize(piece, stemmed=stemmed) if t is not None])
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append(GAP)
        out.extend(part)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Term:
    skill: str  # slug
    text: str  # as the curator wrote it
    source: str  # "name", "alias", "label" (crosswalk) or "rule"


@dataclass(frozen=True, slots=True)
class Hit:
    """One place in the text that names a skill."""

    skill: str
    start: int
    end: int
    term: Term
    required: bool


@dataclass(frozen=True, slots=True)
class Match:
    """One skill the posting asks for: every span that asks, and what matched first."""

    skill: str
    required: bool
    evidence: tuple[tuple[int, int], ...]
    matched: str
    source: str


@dataclass(frozen=True, slots=True)
class LevelCues:
    years: int | None
    seniority: str | None  # "entry", "mid" or "senior"
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    matches: tuple[Match, ...]
    unmatched: tuple[str, ...]
    level: LevelCues

    @property
    def skills(self) -> list[str]:
        return [m.skill for m in self.matches]


# --- context: sections, boilerplate, negation, preference -------------------------------

REQUIRED, PREFERRED, IGNORED, NEUTRAL = "required", "preferred", "ignored", "neutral"

_HEADER_WORDS = {
    PREFERRED: r"nice[- ]to[- ]haves?|preferred|bonus( points)?|pluses|desirable|desired|"
    r"good to have|extra credit|would be (great|nice)|ideally|optional|"
    r"(preferred|desired|bonus) (qualifications|skills|experience)",
    IGNORED: r"benefits|perks|we offer|about us|about (the )?(company|team)|"
    r"we are|mission|values|story|culture|company|team|join us|work (here|with us)|"
    r"compensation|salary|pay|equal opportunity|eeo|how to apply|the company|company|"
    r"life at|working here|diversity|location|industr(y|ies)|tags|job type|"
    r"employment type|seniority level|job function|department|additional information",
    REQUIRED: r"requirements|required|qualifications|must[- ]haves?|"
    r"(you'll|you will|you) (need|bring|have)|(we're|we are) looking for|you are|"
    r"about you|skills|experience|responsibilities|(you'll|you will) do|role|"
    r"job|duties|in this role|you will|profile|ideal candidate|requirements and skills|"
    r"skills and experience|skills (and|&) qualifications|tech stack|stack",
}
_HEADER_LEAD = (
    r"(?:(?:our|the|your|key|minimum|basic|preferred|additional|required|desired|"
    r"technical|core|job|role|what|who|why|and|&)\s+){0,3}"
)
_HEADER_RE = [
    (kind, re.compile(rf"{_HEADER_LEAD}(?:{words})(?:\s+(?:and|&)\s+[\w']+){{0,2}}", re.I))
    for kind, words in _HEADER_WORDS.items()
]
_INLINE_HEADER_RE = re.compile(r"^[\s#*•\-–>]*([^:.!?\n]{2,40}):\s*(\S.*)?$")

# Sentences that describe the employer, the offer or the ad, not the job: equal
# opportunity, benefits, company descriptions, how to apply, tag lines.
_BOILERPLATE = (
    r"equal (employment )?opportunit",
    r"without regard to",
    r"regardless of",
    r"sexual orientation",
    r"gender identity",
    r"protected (veteran|characteristic|class)",
    r"reasonable accommodation",
    r"affirmative action",
    r"e-verify",
    r"background check",
    r"health(care)?,? dental",
    r"health insurance",
    r"dental",
    r"vision insurance",
    r"401\(?k",
    r"paid time off",
    r"\bpto\b",
    r"parental leave",
    r"stock options",
    r"\bequity\b",
    r"competitive (salary|compensation|pay|benefits)",
    r"salary range",
    r"base (salary|pay)",
    r"compensation",
    r"\bperks?\b",
    r"flexible (hours|working|schedule)",
    r"learning (and development )?budget",
    r"\bgym (membership|access|stipend)",
    r"wellness",
    r"free (lunch|snacks)",
    r"relocation",
    r"visa sponsorship",
    r"(annual|performance|signing|sign-on) bonus",
    r"pension",
    r"holidays",
    r"vacation",
    r"^\s*(we are|we're) (a|an|the|one of)\b",
    r"^\s*we (value|believe|celebrate|care about)\b",
    r"^\s*our (mission|platform|customers|clients|investors|company|products?|vision|"
    r"values|founders|offices?)\b",
    r"\bis (a|an|the) (leading|leader|global|fast-growing|growing|well-funded|"
    r"venture-backed|company|startup|pioneer|world)",
    r"founded in",
    r"our mission",
    r"backed by",
    r"series [a-e]\b",
    r"fortune 500",
    r"headquartered",
    r"offices in",
    r"is proud to",
    r"committed to (building )?(a )?diverse",
    r"diverse and inclusive",
    r"inclusive (workplace|culture|environment)",
    r"we value diversity",
    r"recruit(ment|ing) agenc",
    r"send (us )?your (cv|resume)",
    r"to apply\b",
    r"apply now",
    r"^\s*(industry|industries|tags|job type|employment type|location|seniority level|"
    r"job function|department|category|salary|posted)\s*:",
)
_BOILERPLATE_RE = re.compile("|".join(_BOILERPLATE), re.I)

_PREFERRED_RE = re.compile(
    r"nice[- ]to[- ]have|\ba plus\b|\bplus\b|\bbonus\b|preferred|\bideally\b|desirable|"
    r"\bdesired\b|would be (great|nice|a plus|helpful)|advantageous|an advantage|"
    r"good to have|helpful|beneficial|optional|not required,? but|is welcome",
    re.I,
)
_PRE_NEGATION = {"no", "not", "without", "never", "don't", "dont", "doesn't", "nor", "zero"}
_POST_NEGATION_RE = re.compile(
    r"\b(is|are)?\s*not (required|needed|necessary|expected|a must|a requirement)\b|"
    r"\b(isn't|aren't) (required|needed|necessary)|\bunnecessary\b|\bno need\b",
    re.I,
)
_CHUNK_SPLIT_RE = re.compile(r"[,;]|\bbut\b|\bwhile\b", re.I)


# A sentence ends at . ! or ? before a space or the line's end ("Node.js" goes on).
_SENTENCE_RE = re.compile(r"\S.*?(?:[.!?]+(?=\s|$)|$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    section: str


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences with the section they sit in; headers set the section of what follows."""
    section = NEUTRAL
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = offset
        offset += len(line)
        stripped = body.strip()
        if not stripped:
            continue
        inline = _INLINE_HEADER_RE.match(body)
        if inline and header_kind(inline.group(1)):
            # "Requirements: Python, SQL" heads a section and has content; "Industry:
            # Software" is a tag line, skipped as the section it opens.
            section = header_kind(inline.group(1)) or section
            if inline.group(2) is None:
                continue
            start += inline.start(2)
            body = inline.group(2)
        elif header_kind(stripped):
            section = header_kind(stripped) or section
            continue
        for m in _SENTENCE_RE.finditer(body):
            if m.group().strip():
                yield Sentence(start + m.start(), start + m.end(), section)


def header_kind(line: str) -> str | None:
    """The section a line heads, or None: the whole line must be a header's words
    ("Nice to have", "## What we offer", "Preferred qualifications:")."""
    text = re.sub(r"[^\w'&+ -]+", " ", line).strip(" -").lower()
    text = re.sub(r"\s+", " ", text)
    if not text or len(text.split()) > 6:
        return None
    kinds = [kind for kind, pattern in _HEADER_RE if pattern.fullmatch(text)]
    for kind in (PREFERRED, IGNORED, REQUIRED):
        if kind in kinds or (kinds and kind == PREFERRED and _PREFERRED_RE.search(text)):
            return kind
    return None


def negated(sentence: str, start: int, end: int) -> bool:
    """Whether the words around [start, end) of `sentence` say the skill is not wanted."""
    chunk_start = 0
    chunk_end = len(sentence)
    for m in _CHUNK_SPLIT_RE.finditer(sentence):
        if m.end() <= start:
            chunk_start = m.end()
        elif m.start() >= end:
            chunk_end = m.start()
            break
    before = re.findall(r"[\w']+", sentence[chunk_start:start].lower())[-4:]
    if any(word in _PRE_NEGATION for word in before):
        return True
    # "not required but a plus" still asks, as a preference.
    return bool(_POST_NEGATION_RE.search(sentence[end:chunk_end])) and not _PREFERRED_RE.search(
        sentence[end:]
    )


# --- level cues -------------------------------------------------------------------------

_YEARS_RE = re.compile(r"(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years|yrs)\b", re.I)
_SENIORITY = (
    ("senior", re.compile(r"\b(senior|sr\.?|staff|principal|lead)\b", re.I)),
    (
        "entry",
        re.compile(r"\b(junior|jr\.?|entry[- ]level|graduate|intern(ship)?|new grad)\b", re.I),
    ),
    ("mid", re.compile(r"\b(mid[- ]level|mid[- ]senior|intermediate)\b", re.I)),
)


def level_cues(text: str) -> LevelCues:
    """Years of experience asked (the largest minimum) and the first seniority word."""
    years: int | None = None
    reasons: list[str] = []
    for m in _YEARS_RE.finditer(text):
        value = int(m.group(1))
        if value <= 30 and (years is None or value > years):
            years = value
            reasons = [m.group().strip()]
    seniority: str | None = None
    head = text[:2000]
    found = [
        (hit.start(), kind, hit.group()) for kind, rx in _SENIORITY if (hit := rx.search(head))
    ]
    if found:
        _, seniority, word = min(found)
        reasons.append(word)
    return LevelCues(years, seniority, tuple(reasons))


# --- the matcher ------------------------------------------------------------------------

_UNMATCHED_TRIGGER_RE = re.compile(
    r"\b(?:experience (?:with|in|using|of)|knowledge of|proficien(?:cy|t) (?:in|with)|"
    r"familiar(?:ity)? with|expertise (?:in|with)|skilled in|understanding of|"
    r"background in|hands-on (?:experience )?with|fluency in|fluent in)\s+([^.;:!?()]+)",
    re.I,
)
_LIST_SPLIT_RE = re.compile(r",|\band\b|\bor\b|/|&|\bsuch as\b|\be\.g\b|\bincluding\b", re.I)
_LEADING_FILLER_RE = re.compile(
    r"^(?:(?:a|an|the|strong|solid|deep|good|some|modern|advanced|working|proven|"
    r"excellent|practical|hands-on|at least one|one or more|tools like|tools such as|"
    r"frameworks like|similar|other|related|common|popular|etc)\s+)+",
    re.I,
)
_TECHY_RE = re.compile(r"(?<![\w.])(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,6}\d*|\w+\d\w*)(?!\w|\.\w)")
_NOT_SKILLS = {
    "we",
    "you",
    "our",
    "us",
    "it",
    "etc",
    "e",
    "g",
    "eg",
    "ie",
    "usa",
    "uk",
    "eu",
    "phd",
    "bs",
    "ms",
    "msc",
    "bsc",
    "ba",
    "ceo",
    "cto",
    "vp",
    "hr",
    "faq",
    "tbd",
    "ok",
    "years",
    "experience",
    "skills",
    "knowledge",
    "team",
    "teams",
    "work",
}


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)


class Matcher:
    """A compiled set of terms. Build once per taxonomy version; `extract` is pure."""

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        names: dict[str, str] | None = None,
        rules: bool = True,
    ) -> None:
        self.rules = rules
        self.stemmed = rules
        self.root = _Node()
        self.rule_root = _Node()
        self.names = dict(names or {})
        self.size = 0
        every = list(terms)
        if rules:
            known = {t.skill for t in every}
            every += [
                Term(slug, text, "rule")
                for slug, texts in PATTERNS.items()
                if slug in known
                for text in texts
            ]
            every += [Term("", text, "blocker") for text in BLOCKERS]
        for term in every:
            self._add(term)

    def _add(self, term: Term) -> None:
        tokens = phrase_tokens(term.text, stemmed=self.stemmed)
        if not tokens or tokens[0] == GAP:
            return
        node = self.rule_root if term.source == "rule" else self.root
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        if term not in node.terms:
            node.terms.append(term)
            self.size += 1

    # Walk the trie from position i; yield (end index exclusive, terms) for every terminal.
    def _walk(self, tokens: list[Token], i: int, node: _Node) -> Iterator[tuple[int, list[Term]]]:
        if node.terms:
            yield i, node.terms
        if i < len(tokens):
            child = node.children.get(tokens[i].norm)
            if child is not None:
                yield from self._walk(tokens, i + 1, child)
        gap = node.children.get(GAP)
        if gap is not None:
            j, skipped = i, 0
            while True:
                for end, terms in self._walk(tokens, j, gap):
                    if end > j:  # the gap is followed by a word of the pattern
                        yield end, terms
                if j >= len(tokens) or skipped >= MAX_GAP or tokens[j].norm in _GAP_STOPS:
                    break
                skipped += not tokens[j].glue
                j += 1

    def _longest(self, run: list[Token], i: int, root: _Node) -> tuple[int, list[Term]] | None:
        best: tuple[int, list[Term]] | None = None
        if _may_start(run, i):
            for stop, terms in self._walk(run, i, root):
                if stop > i and _may_end(run, stop) and (best is None or stop > best[0]):
                    best = (stop, terms)
        return best

    def hits(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int, list[Term]]]:
        """Matches in text[start:end] as (start, end, terms) in text offsets.

        Names, aliases and blockers: leftmost-longest, each token in one match at most.
        Paraphrase rules: the longest from every token outside such a match ("tune ...
        model" is not read inside "fine-tune", "design ... service" not from "design
        documents"); a rule never hides an alias it spans ("scalable distributed systems"
        is both).
        """
        found: list[tuple[int, int, list[Term]]] = []
        segment = text[start:end] if end is not None else text[start:]
        for run in _runs(tokenize(segment, stemmed=self.stemmed)):
            inside = [False] * len(run)  # within a match, past its first token
            covered = [False] * len(run)  # within a match
            i = 0
            while i < len(run):
                best = self._longest(run, i, self.root)
                if best is None:
                    i += 1
                    continue
                stop, terms = best
                found.append((start + run[i].start, start + run[stop - 1].end, terms))
                inside[i + 1 : stop] = [True] * (stop - i - 1)
                covered[i:stop] = [True] * (stop - i)
                i = stop
            if not self.rule_root.children:
                continue
            for i in range(len(run)):
                if not covered[i] and (best := self._longest(run, i, self.rule_root)):
                    stop, terms = best
                    found.append((start + run[i].start, start + run[stop - 1].end, terms))
        return found

    def extract(self, text: str) -> Extraction:
        by_skill: dict[str, list[Hit]] = {}
        spans: list[tuple[int, int]] = []
        unmatched: dict[str, None] = {}
        for sentence in sentences(text) if self.rules else [Sentence(0, len(text), NEUTRAL)]:
            if self.rules and sentence.section == IGNORED:
                continue
            body = text[sentence.start : sentence.end]
            if self.rules and _BOILERPLATE_RE.search(body):
                continue
            preferred = sentence.section == PREFERRED or bool(
                self.rules and _PREFERRED_RE.search(body)
            )
            found: list[Hit] = []
            for s, e, terms in self.hits(text, sentence.start, sentence.end):
                spans.append((s, e))
                if self.rules and negated(body, s - sentence.start, e - sentence.start):
                    continue
                found += [
                    Hit(t.skill, s, e, t, not preferred) for t in terms if t.source != "blocker"
                ]
            for hit in _qualified(found) if self.rules else found:
                by_skill.setdefault(hit.skill, []).append(hit)
            if self.rules:
                for phrase in _skill_like(body, sentence.start, spans):
                    unmatched.setdefault(phrase, None)
        matches = []
        for skill, hits in sorted(by_skill.items(), key=lambda kv: kv[1][0].start):
            first = hits[0]
            evidence = tuple(dict.fromkeys((h.start, h.end) for h in hits))
            matches.append(
                Match(
                    skill=skill,
                    required=any(h.required for h in hits),
                    evidence=evidence,
                    matched=text[first.start : first.end],
                    source=first.term.source,
                )
            )
        return Extraction(tuple(matches), tuple(unmatched), level_cues(text))


def _generic(hit: Hit) -> bool:
    return hit.term.text.lower() in GENERIC.get(hit.skill, ())


def _qualified(hits: list[Hit]) -> list[Hit]:
    """Drop a generic "machine learning" that only qualifies another ask in its sentence
    ("privacy-preserving ML", "deploy ML models", "the latest ML research")."""
    specific = {h.skill for h in hits if not _generic(h)}
    if not specific & QUALIFIERS:
        return hits
    return [h for h in hits if not _generic(h) or h.skill in specific]


def _runs(stream: list[Token | None]) -> Iterator[list[Token]]:
    run: list[Token] = []
    for token in stream:
        if token is None:
            if run:
                yield run
            run = []
        else:
            run.append(token)
    if run:
        yield run


def _adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


def _may_start(run: list[Token], i: int) -> bool:
    """Not inside a dotted name ("js" of "Node.js") nor on a glue other than ".NET"'s dot."""
    token = run[i]
    if token.glue:
        return token.norm == "." and (i == 0 or not _adjacent(run[i - 1], token))
    if i >= 2 and run[i - 1].glue and run[i - 1].norm in ".+" and _adjacent(run[i - 1], token):
        return not _adjacent(run[i - 2], run[i - 1])
    return True


def _may_end(run: list[Token], stop: int) -> bool:
    """Not before a dot that continues the name ("Node" of "Node.js"), nor on glue."""
    if run[stop - 1].glue:
        return False
    if stop < len(run) and run[stop].glue and run[stop].norm in ".+":
        return not (
            _adjacent(run[stop - 1], run[stop])
            and stop + 1 < len(run)
            and _adjacent(run[stop], run[stop + 1])
        )
    return True


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _skill_like(body: str, offset: int, spans: list[tuple[int, int]]) -> Iterator[str]:
    """Phrases in `body` that look like skills and match nothing: list items after
    "experience with", "knowledge of"…, and tech-shaped words (PyTorch, AWS, K8s)."""
    seen: set[str] = set()
    for m in _UNMATCHED_TRIGGER_RE.finditer(body):
        pos = m.start(1)
        for piece in _LIST_SPLIT_RE.split(m.group(1)):
            at = body.find(piece, pos)
            pos = max(pos, at + len(piece)) if at >= 0 else pos
            phrase = _LEADING_FILLER_RE.sub("", piece.strip(" -'\"")).strip().lower()
            words = phrase.split()
            if not words or len(words) > 4 or phrase in _NOT_SKILLS or phrase in seen:
                continue
            if at >= 0 and _overlaps(offset + at, offset + at + len(piece), spans):
                continue
            seen.add(phrase)
            yield phrase
    for m in _TECHY_RE.finditer(body):
        phrase = m.group().lower()
        if phrase in _NOT_SKILLS or phrase in seen or phrase.isdigit():
            continue
        if _overlaps(offset + m.start(), offset + m.end(), spans):
            continue
        seen.add(phrase)
        yield phrase


def closest_career(skills: Iterable[str], careers: dict[str, dict[str, int]]) -> str | None:
    """The career whose requirement weights best cover the posting's skills (cosine)."""
    wanted = set(skills)
    best: tuple[float, str] | None = None
    for slug, weights in sorted(careers.items()):
        norm = sum(w * w for w in weights.values()) ** 0.5
        if not norm or not wanted:
            continue
        score = sum(weights.get(s, 0) for s in wanted) / (norm * len(wanted) ** 0.5)
        if score > 0 and (best is None or score > best[0]):
            best = (score, slug)
    return best[1] if best else None


def level_for(cues: LevelCues, bands: list[tuple[str, int | None, int | None, int]]) -> str | None:
    """The level its wording implies among a career's (slug, years_min, years_max, rank).

    Years decide when given and the career's levels have years (the band holding them);
    otherwise the seniority word picks the lowest, middle or highest band.
    """
    if not bands:
        return None
    ordered = sorted(bands, key=lambda b: b[3])
    dated: list[tuple[str, int, int | None]] = [
        (slug, low, high) for slug, low, high, _rank in ordered if low is not None
    ]
    if cues.years is not None and len(dated) == len(ordered):
        for slug, low, high in dated:
            if cues.years >= low and (high is None or cues.years < high):
                return slug
        return ordered[-1][0] if cues.years >= dated[-1][1] else ordered[0][0]
    if cues.seniority == "entry":
        return ordered[0][0]
    if cues.seniority == "senior":
        return ordered[-1][0]
    if cues.seniority == "mid":
        return ordered[len(ordered) // 2][0]
    return None


def as_json(
    extraction: Extraction, names: dict[str, str], career: str | None, level: str | None
) -> dict[str, object]:
    """The documented JSON (DESIGN.md, "Job postings"); the endpoint and command share it."""
    return {
        "skills": [
            {
                "skill": m.skill,
                "name": names.get(m.skill, m.skill),
                "required": m.required,
                "evidence": [list(span) for span in m.evidence],
                "matched": m.matched,
            }
            for m in extraction.matches
        ],
        "career": career,
        "level": level,
        "unmatched": list(extraction.unmatched),
    }


def terms_from_bundle(
    bundle: dict[str, object], *, aliases: bool = True
) -> tuple[list[Term], dict[str, str]]:
    """Terms and names of an import bundle's live skills (fixtures/taxonomy.json's shape)."""
    terms: list[Term] = []
    names: dict[str, str] = {}
    for skill in bundle["skills"]:  # type: ignore[attr-defined]
        if skill.get("archived"):
            continue
        names[skill["slug"]] = skill["name"]
        terms.append(Term(skill["slug"], skill["name"], "name"))
        if aliases:
            terms += [Term(skill["slug"], alias, "alias") for alias in skill.get("aliases", [])]
    return terms, names
