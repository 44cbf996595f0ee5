"""Errors the reader services raise; the site's API renders them in its one error shape."""

from ninja.errors import HttpError


class NotFound(HttpError):
    def __init__(self, message: str):
        super().__init__(404, message)


class InvalidRequest(HttpError):
    """Well-formed but unusable input, such as an unknown slug in a filter."""

    def __init__(self, message: str):
        super().__init__(422, message)


class BadRequest(HttpError):
    """Input that cannot be read at all, such as a cursor that was not ours."""

    def __init__(self, message: str):
        super().__init__(400, message)
