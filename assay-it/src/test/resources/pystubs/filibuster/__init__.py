# No-op stand-in for Filibuster's instrumentation (its fault-injection test server is not used here).
