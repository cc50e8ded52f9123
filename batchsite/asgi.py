"""ASGI entry point: HTTP through Django, WebSockets through Channels (authenticated)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "batchsite.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from batches.routing import websocket_urlpatterns  # noqa: E402
from batchsite.body_limits import RequestBodyLimits  # noqa: E402
from batchsite.embedded_redis import service_redis_ensure  # noqa: E402
from uploads.asgi import StreamingChunkUploads  # noqa: E402

if settings.REDIS_IS_EMBEDDED:  # the channel layer, the cache and the rate limits live in Redis
    service_redis_ensure(
        settings.VAR_DIR, service="The web server", log=lambda line: print(line, file=sys.stderr)
    )

application = ProtocolTypeRouter(
    {
        # every body is capped by its path before anything reads it; chunk PUTs stream straight
        # to their staged file; everything else is Django
        "http": RequestBodyLimits(StreamingChunkUploads(django_asgi_app)),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
