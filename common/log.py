"""Log formatting: a refused or missing page is one line; a server error keeps its traceback."""

import logging


class ClientErrorsOnOneLine(logging.Formatter):
    """Format a record about a 4xx response without the exception's traceback.

    Django logs a 403 (``PermissionDenied``) or a 400 (``SuspiciousOperation``) with the
    exception attached, so every ordinary refusal would print a traceback. The line itself
    says what was refused; records about 5xx responses, and all others, keep theirs.
    """

    def format(self, record: logging.LogRecord) -> str:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            # A copy, so other handlers of the same record still see the exception.
            record = logging.makeLogRecord(record.__dict__)
            record.exc_info = None
            record.exc_text = None
        return super().format(record)
