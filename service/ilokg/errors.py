"""One error tree; every HTTP error body is {"error": CODE, "message": ...}.

IlokgError
├── InputError            bad input from a user (HTTP 4xx, CLI exit 2)
│   ├── QueryRejected     a query refused before evaluation (400, 403, 413, 415)
│   ├── NotAcceptable     no supported media type (406)
│   └── ParameterError    a canned-query parameter (422)
├── DataError             unreadable RDF (syntax error: file and line)
├── ValidationFailed      SHACL violations (CLI exit 1)
├── EngineError           the engine could not answer
│   ├── QueryTimeout      stopped at the time limit (503)
│   ├── EngineBusy        the queue is full (503 + Retry-After)
│   ├── EngineUnavailable store missing or remote store down (503)
│   └── ClientGone        the client hung up while its query waited (499, never seen)
└── NotFound              unknown resource (404)
"""

from __future__ import annotations


class IlokgError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def body(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message}


class InputError(IlokgError):
    status = 400
    code = "bad_request"


class QueryRejected(InputError):
    code = "query_rejected"


class NotAcceptable(InputError):
    status = 406
    code = "not_acceptable"


class ParameterError(InputError):
    status = 422
    code = "invalid_parameter"


class DataError(IlokgError):
    status = 400
    code = "unreadable_rdf"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line


class ValidationFailed(IlokgError):
    status = 422
    code = "shacl_violations"


class EngineError(IlokgError):
    status = 503
    code = "engine_error"


class QueryTimeout(EngineError):
    code = "query_timeout"


class EngineBusy(EngineError):
    code = "busy"


class EngineUnavailable(EngineError):
    code = "store_unavailable"


class ClientGone(EngineError):
    """The client disconnected while its query waited for a worker: it was not evaluated."""

    status = 499
    code = "client_closed_request"


class NotFound(IlokgError):
    status = 404
    code = "not_found"
