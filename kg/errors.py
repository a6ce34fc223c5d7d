"""The one exception hierarchy of kg.

Every error kg raises on purpose derives from :class:`KgError`.  The command
line turns each of them into a single line on stderr and an exit status
(``exit_code``); library users can catch :class:`KgError` as a whole or one of
its subclasses.

Examples
--------
>>> from kg.errors import InputError
>>> err = InputError("not UTF-8 text", path="a.txt")
>>> str(err)
'a.txt: not UTF-8 text'
>>> err.exit_code
1
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "InputError",
    "DataError",
    "QueryError",
    "BuildError",
    "UsageError",
    "EndpointError",
]


class KgError(Exception):
    """Base class of every error kg reports to the user.

    Parameters
    ----------
    message : str
        What went wrong, one line, no trailing full stop needed.
    path : str, optional
        The file the error is about; it prefixes the message.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.message = " ".join(str(message).split())
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:  # one line, always
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(KgError):
    """An input article cannot be read (missing, binary, wrong encoding, empty, ...)."""


class DataError(KgError):
    """A data file kg ships or a built graph in ``out/`` is unusable."""


class BuildError(KgError):
    """Building the graph failed as a whole (e.g. every input was skipped under --strict)."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown, or failed to run."""


class EndpointError(KgError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class UsageError(KgError):
    """The caller combined options in a way that cannot work."""

    exit_code = 2
