"""Every pattern the extraction engine compiles answers at once on long runs of one sign.

A pattern that nests its repeats ("(?:[*X]{2,}[\\s-]*)+") tries every way to split a long run
before it refuses it: a statement ruled with 60 asterisks took minutes, 80 hours. A document's
lines are hostile input; no pattern may take more than a moment on any of them."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
import signal

import batches.processing

SIGNS = ["X", "*", "a", "A", "1", " ", ".", "•", "-", "é", "0", "#", ",", "'"]
PAIRS = ["aA", "1.", "a ", "A.", "1 ", "a.", "1,", "ab ", "Ab "]
RUN = 40  # signs in a row: a rule of asterisks, a masked number, a long word
LIMIT = 0.5  # seconds a pattern may take on one run


class _TooSlow(Exception):
    pass


def _raise(*_args) -> None:
    raise _TooSlow


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every text pattern the engine's modules hold, and each one a cached function without
    arguments builds from the vocabularies, by its name."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(batches.processing.__path__, "batches.processing."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, functools._lru_cache_wrapper) and not inspect.signature(value).parameters:
                value = value()
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(f"{info.name}.{name}", value)
    return found


def test_every_pattern_refuses_a_long_run_of_one_sign_at_once():
    runs = [sign * RUN + end for sign in SIGNS + PAIRS for end in ("", "!")]
    slow = []
    # each pattern's own alarm, in place of the suite's per-test one while this test runs
    previous = signal.signal(signal.SIGALRM, _raise)
    try:
        patterns = _patterns()
        for name, pattern in patterns.items():
            for run in runs:
                signal.setitimer(signal.ITIMER_REAL, LIMIT)
                try:
                    pattern.search(run)
                    pattern.fullmatch(run)
                except _TooSlow:
                    slow.append(f"{name} on {run[:12]!r}…")
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert len(patterns) > 250  # the walk found the engine's patterns
    assert slow == []
