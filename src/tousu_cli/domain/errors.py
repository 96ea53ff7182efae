"""Errors a clerk can cause and read. Every message is one Chinese sentence."""


class TousuError(Exception):
    """A refusal: the request is wrong or impossible; nothing was changed."""

    exit_code = 1  # refused by the rules; a command line that cannot be read is 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(TousuError):
    """A value the clerk typed is malformed or out of range."""


class NotFound(TousuError):
    """The thing named does not exist."""


class InvalidMove(TousuError):
    """The action is not allowed in the case's (or clock's) current state."""
