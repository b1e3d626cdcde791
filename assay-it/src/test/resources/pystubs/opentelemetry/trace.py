"""No-op stand-in: set_tracer_provider / get_tracer_provider / get_tracer."""


class _Tracer:
    def start_as_current_span(self, *args, **kwargs):
        import contextlib
        return contextlib.nullcontext()


_provider = None


def set_tracer_provider(provider):
    global _provider
    _provider = provider


def get_tracer_provider():
    return _provider


def get_tracer(*args, **kwargs):
    return _Tracer()
