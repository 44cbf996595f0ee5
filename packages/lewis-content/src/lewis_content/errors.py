"""Why content cannot answer a read. Domain errors only: the site maps each to its HTTP status
and the one error shape."""


class ContentError(Exception):
    """A read content cannot answer; the message is meant for the client developer."""


class NotFound(ContentError):
    """Nothing published has this id or slug, whether a path or a filter names it."""


class InvalidRequest(ContentError):
    """Well-formed but unusable input, such as an axis weighted twice."""
