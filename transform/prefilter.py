"""Fast, exact scanning for the sentence finders' regexes, planned from each regex's own parse tree.

Most sentences cannot match most patterns: one with no month name cannot hold "January-March", one
with no "%", "percent" or "pct" cannot hold a change in percent. Running every pattern's full scan on
every sentence (Python's `re` tries each pattern at every position) is what made extraction slow.

`scanner_for(pattern)` reads the compiled regex and plans two shortcuts, both derived from the regex
itself, so a pattern added to or changed in a finder's table is planned correctly without anyone
touching this module:

- a gate: literals any match must contain ("same" and one of "period/months/time/quarter"); a
  sentence without them is not scanned at all;
- anchors: literals any match must start with (the month names, "the" or "same", ...); the regex is
  then tried only where one of them starts, not at every position.

`Scanner.finditer` yields exactly the matches `pattern.finditer` would (`finditer(pattern, text)` and
`search(pattern, text)` here are drop-in forms of the `re` calls). A pattern the analysis cannot read
(back-references, conditionals) or that can match the empty string is scanned as before.
`table_gate(patterns)` unites the literals of a whole table, so one search can rule out every pattern
of a finder at once (`patterns_named_in(finder)` lists the module-level patterns a finder names).

Case-insensitive literals are compared against `fold(text)`: lower case, plus the four characters
Python's `re` treats as case variants of an ASCII letter that str.lower() does not map to it; it keeps
one character per character, so positions in it are positions in the text
(tests/transform/test_prefilter.py checks both claims over every code point).
"""

from __future__ import annotations

import functools
import inspect
import re
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

try:  # Python 3.11+
    from re import _constants as _sre_constants
    from re import _parser as _sre_parser
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]

# Characters that `re.IGNORECASE` matches against an ASCII letter but that str.lower() does not map to
# it (or, for the dotted capital I, maps to two characters): dotted capital I, dotless i, long s, Kelvin.
CASE_VARIANTS: tuple[tuple[str, str], ...] = (
    ("\u0130", "i"),
    ("\u0131", "i"),
    ("\u017f", "s"),
    ("\u212a", "k"),
)

MAX_ALTERNATIVES = 64  # literals kept per gate set: beyond it a set says too little to be worth testing
MAX_SETS = 3  # gate sets tested per pattern (the most selective ones)
MAX_ANCHORS = 256  # start literals per pattern (longer names are cut to their first letters beyond it)
# In start literals only: stands for any character `\d` matches (a private-use character no pattern uses).
_DIGIT = "\ue000"
_FEW = 4  # literals in a gate set tested one by one with `in` (more: one regex search for the set)
_SMALL_RANGE = 32  # a character range up to this size is read as its characters ("[0-4]", "[A-Z]")


@functools.lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """`text` as case-insensitive literals are compared against: same length, one char per char."""
    if text.isascii():
        return text.lower()
    for variant, letter in CASE_VARIANTS:
        if variant in text:
            text = text.replace(variant, letter)
    return text.lower()


# ------------------------------------------------------------------------------- reading the parse tree


@dataclass(frozen=True)
class _Literals:
    """What a piece of a regex says about the text it matches.

    exact: every string the piece can match (None when unknown or too many); may contain "".
    required: sets of strings; every match contains at least one string of each set.
    """

    exact: frozenset[str] | None
    required: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class _Starts:
    """literals: every non-empty match starts with one of them (None: unknown); nullable: can match ""."""

    literals: frozenset[str] | None
    nullable: bool


_OPAQUE = _Literals(None)
_EMPTY = _Literals(frozenset({""}))
_UNKNOWN_START = _Starts(None, True)
_ZERO_WIDTH_OPS = (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)
_REPEAT_OPS = tuple(
    op
    for op in (
        _sre_constants.MAX_REPEAT,
        _sre_constants.MIN_REPEAT,
        getattr(_sre_constants, "POSSESSIVE_REPEAT", None),
    )
    if op is not None
)


def _char(code: int, ignorecase: bool) -> str | None:
    """The folded form of a literal character, or None when folding cannot be trusted for it."""
    char = chr(code)
    if char == _DIGIT:
        return None  # never confused with the placeholder
    if not ignorecase:
        return char
    if char.isascii():
        return char.lower()
    if char.lower() == char == char.upper():
        return char  # no case: matches only itself
    return None


def _class_chars(items: list, ignorecase: bool) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre_constants.LITERAL:
            codes = [av]
        elif op is _sre_constants.RANGE and av[1] - av[0] < _SMALL_RANGE:
            codes = list(range(av[0], av[1] + 1))
        else:
            return None  # NEGATE, CATEGORY (\d, \s, \w), wide ranges
        for code in codes:
            char = _char(code, ignorecase)
            if char is None:
                return None
            chars.add(char)
    return frozenset(chars)


class _NeedsFolding(Exception):
    """A case-insensitive group inside a case-sensitive pattern: the whole pattern is read folded."""


def _check_case(av, ignorecase: bool) -> None:
    """Read folded, a case-sensitive group is still read soundly (only less selectively); the reverse is not."""
    if not ignorecase and av[1] & re.IGNORECASE:
        raise _NeedsFolding


def _join(left: frozenset[str], right: frozenset[str]) -> frozenset[str]:
    return frozenset(a + b for a in left for b in right)


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop every string that contains another one: finding the shorter one is implied."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


# Words so common that a literal set holding one of them passes nearly every sentence.
_COMMON_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
    }
)


def _cost(literal: str) -> float:
    """A rough chance that a sentence contains `literal`: short and common literals are found everywhere."""
    if literal in _COMMON_WORDS or len(literal) == 1 and (literal.isalnum() or literal in " .,-'’"):
        return 1.0
    return {1: 0.1, 2: 0.3, 3: 0.1}.get(len(literal), 0.03)


def _score(strings: frozenset[str]) -> tuple[float, int]:
    """Higher is more selective: a lower chance of passing, then a longer shortest literal."""
    missing_all = 1.0
    for s in strings:
        missing_all *= 1.0 - _cost(s)
    return (missing_all - 1.0, min(len(s) for s in strings))


def _requirement(strings: frozenset[str] | None) -> frozenset[str] | None:
    if not strings or "" in strings or len(strings) > MAX_ALTERNATIVES:
        return None
    return _minimal(strings)


def _best(info: _Literals) -> frozenset[str] | None:
    candidates = list(info.required)
    own = _requirement(info.exact)
    if own is not None:
        candidates.append(own)
    return max(candidates, key=_score, default=None)


def _sequence(items, ignorecase: bool) -> _Literals:
    required: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    exact_so_far = True

    def flush(strings: frozenset[str]) -> None:
        requirement = _requirement(strings)
        if requirement is not None:
            required.append(requirement)

    for op, av in items:
        info = _node(op, av, ignorecase)
        required.extend(info.required)
        if info.exact is None:
            flush(run)
            run, exact_so_far = frozenset({""}), False
            continue
        joined = _join(run, info.exact)
        if len(joined) > MAX_ALTERNATIVES:
            flush(run)
            run, exact_so_far = info.exact, False
        else:
            run = joined
    flush(run)
    return _Literals(run if exact_so_far else None, tuple(required))


def _node(op, av, ignorecase: bool) -> _Literals:
    c = _sre_constants
    if op is c.LITERAL:
        char = _char(av, ignorecase)
        return _OPAQUE if char is None else _Literals(frozenset({char}))
    if op is c.IN:
        chars = _class_chars(av, ignorecase)
        return _OPAQUE if chars is None else _Literals(chars)
    if op in _ZERO_WIDTH_OPS:
        return _EMPTY  # contributes nothing to the matched text
    if op is c.SUBPATTERN:
        _check_case(av, ignorecase)
        return _sequence(av[3].data, ignorecase)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(av.data, ignorecase)
    if op is c.BRANCH:
        branches = [_sequence(branch.data, ignorecase) for branch in av[1]]
        if all(b.exact is not None for b in branches):
            union = frozenset().union(*(b.exact for b in branches))  # type: ignore[misc]
            if len(union) <= MAX_ALTERNATIVES:
                return _Literals(union)
        bests = [_best(b) for b in branches]
        if any(b is None for b in bests):
            return _OPAQUE
        union = _minimal(frozenset().union(*bests))  # type: ignore[misc]
        return _Literals(None, (union,) if len(union) <= MAX_ALTERNATIVES else ())
    if op in _REPEAT_OPS:
        low, high, pattern = av
        inner = _sequence(pattern.data, ignorecase)
        if low == 0:
            if high == 1 and inner.exact is not None:
                return _Literals(inner.exact | {""})
            return _EMPTY if high == 0 else _OPAQUE
        own = _requirement(inner.exact)
        required = inner.required + ((own,) if own is not None else ())
        return _Literals(inner.exact if low == high == 1 else None, required)
    return _OPAQUE  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


def _start_sequence(items, ignorecase: bool) -> _Starts:
    found: set[str] = set()
    run: frozenset[str] = frozenset({""})  # every text the items so far can match exactly
    for op, av in items:
        if op in _ZERO_WIDTH_OPS:
            continue
        exact = _node(op, av, ignorecase).exact
        if exact is not None and len(joined := _join(run, exact)) <= MAX_ANCHORS:
            run = joined
            continue
        starts = _start_node(op, av, ignorecase)
        if starts.literals is None or len(extended := _shortened(_join(run, starts.literals))) > MAX_ANCHORS:
            # Whatever follows, a match starts with a string of `run`.
            return _UNKNOWN_START if "" in run else _Starts(frozenset(found | run), False)
        found |= extended
        if not starts.nullable:
            return _Starts(frozenset(found), False)
    return _Starts(frozenset(found | (run - {""})), "" in run)


def _start_chars(items: list, ignorecase: bool) -> frozenset[str] | None:
    """A character class as start literals: its characters, and `_DIGIT` for a digit class."""
    digit = (_sre_constants.CATEGORY, _sre_constants.CATEGORY_DIGIT)
    chars = _class_chars([item for item in items if item != digit], ignorecase)
    if chars is None:
        return None
    return chars | {_DIGIT} if digit in items else chars


def _start_node(op, av, ignorecase: bool) -> _Starts:
    c = _sre_constants
    if op in (c.LITERAL, c.IN):
        chars = _node(op, av, ignorecase).exact if op is c.LITERAL else _start_chars(av, ignorecase)
        return _UNKNOWN_START if chars is None else _Starts(chars, False)
    if op in _ZERO_WIDTH_OPS:
        return _Starts(frozenset(), True)
    if op is c.SUBPATTERN:
        _check_case(av, ignorecase)
        return _start_sequence(av[3].data, ignorecase)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _start_sequence(av.data, ignorecase)
    if op is c.BRANCH:
        branches = [_start_sequence(branch.data, ignorecase) for branch in av[1]]
        if any(b.literals is None for b in branches):
            return _UNKNOWN_START
        union = frozenset().union(*(b.literals for b in branches))  # type: ignore[misc]
        return _Starts(_shortened(union), any(b.nullable for b in branches))
    if op in _REPEAT_OPS:
        low, high, pattern = av
        if high == 0:
            return _Starts(frozenset(), True)
        inner = _start_sequence(pattern.data, ignorecase)
        return _Starts(inner.literals, low == 0 or inner.nullable)
    return _UNKNOWN_START


def _shortened(literals: frozenset[str]) -> frozenset[str]:
    """The same start literals cut to their first letters until few enough (a prefix is still a start)."""
    length = max((len(s) for s in literals), default=0)
    while len(literals) > MAX_ANCHORS and length > 1:
        length -= 1
        literals = frozenset(s[:length] for s in literals)
    return literals


def _without_extensions(literals: frozenset[str]) -> frozenset[str]:
    """Drop every literal that starts with another one: where it starts, the shorter one starts too."""
    kept: list[str] = []
    for s in sorted(literals, key=len):
        if not any(s.startswith(k) for k in kept):
            kept.append(s)
    return frozenset(kept)


def _trie_regex(literals: frozenset[str]) -> re.Pattern[str]:
    """A case-sensitive regex matching where any of `literals` starts (a trie: one branch per letter)."""
    trie: dict = {}
    for literal in literals:
        node = trie
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        if "" in node:
            return ""  # a literal ends here: any longer one sharing this start adds nothing
        parts = [
            (r"\d" if char == _DIGIT else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
        ]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return re.compile(emit(trie))


# ------------------------------------------------------------------------------------------- scanning


@dataclass(frozen=True)
class Gate:
    """Sets of literals a match needs (one string of every set); `folded`: compare against fold(text)."""

    required: tuple[tuple[str, ...], ...]
    folded: bool

    def admits(self, text: str, folded_text: str) -> bool:
        """False only when `text` cannot contain a match of the pattern the gate was read from."""
        haystack = folded_text if self.folded else text
        for alternatives in self.required:
            for literal in alternatives:
                if literal in haystack:
                    break
            else:
                return False
        return True


_NO_MATCHES: tuple[re.Match[str], ...] = ()


@dataclass(frozen=True)
class Scanner:
    """A compiled pattern with its gate and start anchors (anchors None: every position is tried).

    `finditer(text, folded_text=None)` yields exactly the matches of `pattern.finditer(text)`;
    `folded_text` is `fold(text)` (or `fold(longer)[:n]` for `text = longer[:n]`), passed in when the
    caller scans one text with several patterns.
    """

    pattern: re.Pattern[str]
    gate: Gate
    anchors: re.Pattern[str] | None
    anchors_folded: bool
    start_literals: frozenset[str] | None = None  # what the anchors are made of, when all plain literals
    finditer: Callable[..., Iterable[re.Match[str]]] = field(init=False, repr=False, compare=False)

    def needed_literals(self) -> tuple[frozenset[str], bool] | None:
        """One set of literals every match contains, and whether it is folded; None when there is none."""
        if self.gate.required:
            return frozenset(self.gate.required[0]), self.gate.folded
        if self.start_literals is not None:
            return self.start_literals, self.anchors_folded
        return None

    def __post_init__(self) -> None:
        object.__setattr__(self, "finditer", _finditer_function(self))


def _finditer_function(scanner: Scanner) -> Callable[..., Iterable[re.Match[str]]]:
    """`finditer` specialised to what is known of the pattern (called once per pattern per sentence)."""
    required, gate_folded = scanner.gate.required, scanner.gate.folded
    anchors, anchors_folded = scanner.anchors, scanner.anchors_folded
    plain = scanner.pattern.finditer
    if not required and anchors is None:
        return lambda text, folded_text=None: plain(text)
    needs_fold = bool(required and gate_folded) or (anchors is not None and anchors_folded)
    # A few literals: `in` for each (a C substring search, the fastest); more: one `re` search for the set.
    few = tuple(alternatives for alternatives in required if len(alternatives) <= _FEW)
    gate_searches = tuple(
        _trie_regex(frozenset(alternatives)).search for alternatives in required if len(alternatives) > _FEW
    )
    search = anchors.search if anchors is not None else None
    match = scanner.pattern.match

    def anchored(text: str, haystack: str) -> Iterator[re.Match[str]]:
        # A match can only start where an anchor starts; trying those positions in order, and going on
        # from the end of each match, is what finditer does (the pattern never matches "").
        position = 0
        while (anchor := search(haystack, position)) is not None:  # type: ignore[misc]
            start = anchor.start()
            found = match(text, start)
            if found is None:
                position = start + 1
            else:
                yield found
                position = found.end()

    def finditer(text: str, folded_text: str | None = None) -> Iterable[re.Match[str]]:
        if needs_fold and folded_text is None:
            folded_text = fold(text)
        haystack = folded_text if gate_folded else text
        for alternatives in few:
            for literal in alternatives:
                if literal in haystack:  # type: ignore[operator]
                    break
            else:
                return _NO_MATCHES
        for gate_search in gate_searches:
            if gate_search(haystack) is None:  # type: ignore[arg-type]
                return _NO_MATCHES
        if search is None:
            return plain(text)
        return anchored(text, folded_text if anchors_folded else text)  # type: ignore[arg-type]

    return finditer


def _gate(info: _Literals, ignorecase: bool) -> Gate:
    candidates = list(info.required)
    own = _requirement(info.exact)
    if own is not None:
        candidates.append(own)
    # Sets that pass nearly every sentence are not worth testing; the most selective go first.
    useful = [c for c in set(candidates) if _score(c)[0] > -0.99]
    chosen = sorted(useful, key=_score, reverse=True)[:MAX_SETS]
    # Within a set, short literals first: they are the likeliest to be found at once.
    return Gate(tuple(tuple(sorted(s, key=lambda x: (len(x), x))) for s in chosen), ignorecase)


_SCANNERS: dict[int, Scanner] = {}  # by id: hashing a compiled pattern hashes its whole program
_MAX_SCANNERS = 4096  # module-level patterns number in the hundreds; throwaway ones must not pile up


def scanner_for(pattern: re.Pattern[str]) -> Scanner:
    """The scanner of a compiled str pattern, planned once (meant for module-level patterns)."""
    scanner = _SCANNERS.get(id(pattern))
    if scanner is None or scanner.pattern is not pattern:
        if len(_SCANNERS) >= _MAX_SCANNERS:
            _SCANNERS.clear()
        scanner = _SCANNERS[id(pattern)] = _plan(pattern)
    return scanner


def _plan(pattern: re.Pattern[str]) -> Scanner:
    """Gate and anchors of a pattern (plain `finditer` when nothing can be said about it)."""
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable pattern is simply scanned as before
        return Scanner(pattern, Gate((), False), None, False)
    ignorecase = bool(parsed.state.flags & re.IGNORECASE)
    try:
        literals, starts = _sequence(parsed.data, ignorecase), _start_sequence(parsed.data, ignorecase)
    except _NeedsFolding:
        ignorecase = True
        literals, starts = _sequence(parsed.data, ignorecase), _start_sequence(parsed.data, ignorecase)
    gate = _gate(literals, ignorecase)
    if not starts.literals or starts.nullable or parsed.getwidth()[0] == 0:
        return Scanner(pattern, gate, None, ignorecase)
    literals = _without_extensions(_shortened(starts.literals))
    plain = None if any(_DIGIT in s for s in literals) else literals
    return Scanner(pattern, gate, _trie_regex(literals), ignorecase, plain)


@dataclass(frozen=True)
class TableGate:
    """Whether any pattern of a table can match a text, in one or two searches instead of one per pattern.

    Every match of a pattern contains one of its gate's (or start) literals, so a text with none of the
    table's literals, united, matches none of its patterns. `always`: some pattern has no such literals.
    """

    raw: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    always: bool

    def admits(self, text: str, folded_text: str | None = None) -> bool:
        if self.always or (self.raw is not None and self.raw.search(text) is not None):
            return True
        if self.folded is None:
            return False
        return self.folded.search(fold(text) if folded_text is None else folded_text) is not None


def patterns_named_in(function: Callable) -> list[re.Pattern[str]]:
    """The compiled patterns `function` names as module globals: in its body, its nested functions, the
    functions of its own module it calls, and the tables (lists, tuples) of patterns it names.

    For a finder whose answers all come from module-level patterns (how the finder modules are written),
    this is every pattern that can produce an answer, found without a list to keep up to date.
    """
    function = inspect.unwrap(function)
    module_globals, module_name = function.__globals__, function.__module__
    found: dict[int, re.Pattern[str]] = {}
    seen: set[types.CodeType] = set()

    def collect(value: object) -> None:
        if isinstance(value, re.Pattern):
            found[id(value)] = value
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item[-1] if isinstance(item, tuple) and item else item)
        elif callable(value):
            inner = inspect.unwrap(value)
            if getattr(inner, "__module__", None) == module_name and hasattr(inner, "__code__"):
                visit(inner.__code__)

    def visit(code: types.CodeType) -> None:
        if code in seen:
            return
        seen.add(code)
        for name in code.co_names:
            if name in module_globals:
                collect(module_globals[name])
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                visit(const)

    visit(function.__code__)
    return list(found.values())


def table_gate(patterns: Iterable[re.Pattern[str]]) -> TableGate:
    """The gate of a whole table of patterns (for a finder whose every answer comes from one of them)."""
    raw: set[str] = set()
    folded: set[str] = set()
    for pattern in patterns:
        needed = scanner_for(pattern).needed_literals()
        if needed is None:
            return TableGate(None, None, True)
        literals, is_folded = needed
        (folded if is_folded else raw).update(literals)
    return TableGate(
        _trie_regex(_without_extensions(frozenset(raw))) if raw else None,
        _trie_regex(_without_extensions(frozenset(folded))) if folded else None,
        False,
    )


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Exactly `pattern.finditer(text)`, through the pattern's scanner (for module-level patterns)."""
    return iter(scanner_for(pattern).finditer(text))


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """Exactly `pattern.search(text)`: the first of its matches, through the pattern's scanner."""
    for match in scanner_for(pattern).finditer(text):
        return match
    return None
