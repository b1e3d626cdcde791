"""No-op stand-in: instrumenting requests for Filibuster does nothing."""


class RequestsInstrumentor:
    def instrument(self, *args, **kwargs):
        pass
