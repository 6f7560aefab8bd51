"""Memoisation of the pure sentence-level finders.

Assembly asks the same questions of one sentence several times (its entities while looking for the
subject, again while carrying context forward, again for anaphora): the finders are pure functions
of their arguments, so each sentence is scanned once and the answer reused. Answers are kept as
tuples and handed out as fresh lists, so a caller that changes its list cannot change the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")

CACHE_SIZE = 8192  # sentences: bounded, so a long reprocess does not grow memory


def memoized_list(finder: Callable[..., list[T]]) -> Callable[..., list[T]]:
    cached = lru_cache(maxsize=CACHE_SIZE)(lambda *args, **kwargs: tuple(finder(*args, **kwargs)))

    @wraps(finder)
    def lookup(*args, **kwargs) -> list[T]:
        return list(cached(*args, **kwargs))

    lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    lookup.uncached = finder  # type: ignore[attr-defined]
    return lookup
