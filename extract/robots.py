"""robots.txt: what a host lets tradewire fetch, decided once per host per run (RFC 9309).

The rules are parsed by protego (a maintained, RFC 9309-conformant parser). How a failed
robots.txt fetch is read follows RFC 9309 section 2.3.1:

- 2xx: the file's rules apply (a body cut at the size limit is parsed as far as it was read);
- 4xx other than 429 ("unavailable"), too many redirects, a redirect loop or a redirect to a
  refused address: no rules, everything is allowed;
- 429, 5xx and network failures ("unreachable"): everything is disallowed for this run. The pages
  are not requested; they get the network failure's own class (``connect_error``, ``timeout``,
  ``read_error``: the host is down) or ``robots_unreachable`` (robots.txt answered 429/5xx), all
  retryable, so a later run tries them again.

`RobotsCache` fetches each origin's robots.txt once per run, even when many threads ask at the same
moment, and keeps the fetches so the run can log them (fetch_log kind ``robots``) and archive them.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from extract.model import FetchResult

USER_AGENT_TOKEN = "tradewire"
MAX_CRAWL_DELAY_S = 60.0
UNREACHABLE_ERRORS = frozenset({"timeout", "connect_error", "read_error", "fetch_error"})

# How the policy came about; `reason` on a refusal names it.
PARSED = "parsed"
UNAVAILABLE = "unavailable"
UNREACHABLE = "unreachable"


def origin_of(url: str) -> str:
    """`scheme://host[:port]` -- the scope of one robots.txt (a different port is a different file)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


def robots_url(url: str) -> str:
    return origin_of(url) + "/robots.txt"


@dataclass(frozen=True)
class RobotsPolicy:
    """The verdict of one origin's robots.txt for the user-agent token ``tradewire``."""

    origin: str
    basis: str  # PARSED, UNAVAILABLE (allow all) or UNREACHABLE (disallow all)
    rules: Protego | None = None
    crawl_delay_s: float | None = None  # Crawl-delay / Request-rate, capped at MAX_CRAWL_DELAY_S
    detail: str = ""  # for UNREACHABLE: what went wrong
    failure_class: str = "robots_unreachable"  # for UNREACHABLE: the class refused pages get

    @classmethod
    def from_fetch(
        cls,
        origin: str,
        result: FetchResult,
        max_crawl_delay_s: float = MAX_CRAWL_DELAY_S,
    ) -> RobotsPolicy:
        """Read a robots.txt fetch as RFC 9309 says (see the module docstring)."""
        if (
            result.status is not None
            and 200 <= result.status < 300
            and result.error_class in (None, "too_large")
        ):
            text = result.body.decode("utf-8", errors="replace").lstrip("\ufeff")
            rules = Protego.parse(text)
            return cls(origin, PARSED, rules, _crawl_delay(rules, max_crawl_delay_s))
        if result.error_class in UNREACHABLE_ERRORS or (
            result.status is not None and (result.status == 429 or result.status >= 500)
        ):
            if result.status is None and result.error_class in ("timeout", "connect_error", "read_error"):
                failure_class, cause = result.error_class, result.error_class
            else:
                failure_class = "robots_unreachable"
                cause = f"HTTP {result.status}" if result.status is not None else result.error_class
            detail = f"{cause}: {result.error_message or ''}".rstrip(": ")
            return cls(origin, UNREACHABLE, detail=detail, failure_class=failure_class)
        return cls(origin, UNAVAILABLE)

    def allows(self, url: str) -> bool:
        if self.basis == UNREACHABLE:
            return False
        if self.rules is None:
            return True
        return self.rules.can_fetch(url, USER_AGENT_TOKEN)

    def refusal(self, url: str) -> tuple[str, str] | None:
        """(error_class, message) when `url` may not be fetched, else None."""
        if self.allows(url):
            return None
        if self.basis == UNREACHABLE:
            return self.failure_class, f"not requested: {self.origin}/robots.txt unreachable ({self.detail})"
        return "robots_disallowed", f"{self.origin}/robots.txt disallows {url} for {USER_AGENT_TOKEN}"


def _crawl_delay(rules: Protego, cap_s: float) -> float | None:
    delays = []
    delay = rules.crawl_delay(USER_AGENT_TOKEN)
    if delay is not None:
        delays.append(float(delay))
    rate = rules.request_rate(USER_AGENT_TOKEN)
    if rate is not None and rate.requests:
        delays.append(rate.seconds / rate.requests)
    if not delays:
        return None
    return min(cap_s, max(0.0, max(delays)))


@dataclass
class _Slot:
    done: threading.Event
    policy: RobotsPolicy | None = None


@dataclass(frozen=True)
class RobotsFetch:
    """One robots.txt request as fetch_log and the archive want it, with the source that caused it."""

    source: str | None
    result: FetchResult


class RobotsCache:
    """Per-run robots.txt policies by origin: single flight (one fetch however many threads ask).

    `fetch(robots_url)` must go through the same safe path as every other request (address policy,
    limits, politeness) and never raise.
    """

    def __init__(self, max_crawl_delay_s: float = MAX_CRAWL_DELAY_S) -> None:
        self.max_crawl_delay_s = max_crawl_delay_s
        self._lock = threading.Lock()
        self._slots: dict[str, _Slot] = {}
        self._log: list[RobotsFetch] = []

    def policy_for(
        self, url: str, fetch: Callable[[str], FetchResult], source: str | None = None
    ) -> RobotsPolicy:
        origin = origin_of(url)
        with self._lock:
            slot = self._slots.get(origin)
            owner = slot is None
            if owner:
                slot = self._slots[origin] = _Slot(threading.Event())
        if not owner:
            slot.done.wait()
            assert slot.policy is not None
            return slot.policy
        policy = RobotsPolicy(origin, UNREACHABLE, detail="robots.txt fetch did not complete")
        try:
            result = fetch(origin + "/robots.txt")
            policy = RobotsPolicy.from_fetch(origin, result, self.max_crawl_delay_s)
            with self._lock:
                self._log.append(RobotsFetch(source, _as_logged(result, policy)))
        finally:
            slot.policy = policy
            slot.done.set()
        return policy

    def drain_log(self, source: str | None = None) -> list[RobotsFetch]:
        """Take the robots fetches not yet taken (only those caused by `source` when it is given)."""
        with self._lock:
            taken = [f for f in self._log if source is None or f.source == source]
            self._log = [f for f in self._log if not (source is None or f.source == source)]
        return taken


def _as_logged(result: FetchResult, policy: RobotsPolicy) -> FetchResult:
    """An unavailable robots.txt (404 and the like) is the normal "no rules" case, not a failure."""
    if policy.basis == UNAVAILABLE and result.status is not None:
        return dataclasses.replace(result, error_class=None, error_message=None)
    return result
