class RejectedFile(Exception):
    """A file that cannot become an article; the message says why, for a person."""
