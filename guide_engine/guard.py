"""The boundary of the case modules: nothing but a :class:`GuideError` leaves a public call.

Why a module of its own: the case file, the journal, the calendar and the "what changed" report
all take data the reader (or a tampered file) supplies. Whatever goes wrong inside — a value of a
type nobody expected, a recursion limit, an overflow — must reach the page as one GuideError with a
Chinese message, never as a Python traceback. It is the one boundary: :mod:`guide_engine.session`
guards the interview with it too (``_boundary``), and each module says in its
own words what could not be read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from .errors import GuideError

F = TypeVar("F", bound=Callable[..., Any])


def guarded(message: str) -> Callable[[F], F]:
    """Decorate a public function: GuideErrors pass, anything else becomes ``GuideError(message)``.

    The unexpected error keeps only its class name in ``details["error"]`` (for a bug report);
    its text may echo what the reader typed, so it is not passed on.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except GuideError:
                raise
            except Exception as exc:  # noqa: BLE001 - the boundary is the point
                raise GuideError(message, code="unexpected", error=type(exc).__name__) from None

        return wrapper  # type: ignore[return-value]

    return decorate
