"""fabula's own errors: input it cannot read, and work its caller stopped waiting for; everything else is
an internal error."""

from __future__ import annotations

from threading import Event


class InputError(Exception):
    """The input cannot be analysed (empty, binary, too big, unreadable).

    Its message is one line meant for the user, e.g. ``no story text found in story.txt``.
    """


class Cancelled(Exception):
    """The caller stopped waiting for this analysis (the web app's time limit passed); raised between stages."""


def raise_if_cancelled(stop: Event | None) -> None:
    """Raise Cancelled when `stop` (an Event the caller sets when it gives up) is set; None never stops."""
    if stop is not None and stop.is_set():
        raise Cancelled("the analysis was cancelled")
