import logging
import time

from jiangxin.ops import logs

HEADER = "X-Request-ID"
access_log = logging.getLogger("jiangxin.access")


class RequestIdMiddleware:
    """The outermost middleware: gives every request an id — a sane incoming ``X-Request-ID``
    (from the reverse proxy) or a new one — binds it for the log records written while the
    request runs, returns it in the ``X-Request-ID`` header (the error pages print it too, so a
    user can quote it), and writes one access line per request: method, path, status and
    duration in milliseconds, at INFO on ``jiangxin.access``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.sane_request_id(request.headers.get(HEADER)) or logs.new_request_id()
        request.request_id = request_id
        tokens = logs.bind(request, request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            access_log.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={"status": response.status_code, "duration_ms": duration_ms},
            )
            return response
        finally:
            logs.unbind(tokens)
