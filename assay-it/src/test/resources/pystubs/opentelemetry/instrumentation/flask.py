"""No-op stand-in for the Flask instrumentation."""


class FlaskInstrumentor:
    def instrument_app(self, app, *args, **kwargs):
        return app

    def instrument(self, *args, **kwargs):
        pass
