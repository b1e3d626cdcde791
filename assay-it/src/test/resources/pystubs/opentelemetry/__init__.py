# No-op stand-in for the OpenTelemetry API the third-party apps import (not installable here). Assay
# discovers these apps from its proxies' traffic, so nothing is exported.
