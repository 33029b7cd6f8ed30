class RejectedFile(Exception):
    """A file that cannot become an article; the message says why, for a person."""


class DatabaseUnavailable(Exception):
    """The database stopped answering: the import stops instead of failing every file."""
