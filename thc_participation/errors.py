"""Errors raised by services, turned into French pages or JSON by the app."""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message, code=None):
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code

    def as_dict(self):
        return {"error": self.code, "message": self.message}


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
