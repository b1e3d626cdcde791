"""No-op stand-in: instrumenting a Flask app for Filibuster does nothing."""


class FlaskInstrumentor:
    def instrument_app(self, app, *args, **kwargs):
        return app
