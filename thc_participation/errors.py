"""Errors raised by services, turned into a form message, a French page, JSON or a socket ack.

A service raises one of these with a French message (``_()``) and, when the error concerns
one input, the name of that input (``field="email"``): the one view helper
(``web.form_view``) puts it next to that field, or above the form when the field is not on it.
"""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, code=None, field=None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        if code:
            self.code = code

    def as_dict(self):
        """The JSON body of an API error, and the error part of a socket acknowledgement."""
        body = {"error": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class Invalid(ServiceError):
    status = 400
    code = "invalid"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"
