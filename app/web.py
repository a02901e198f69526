"""The built web apps (storefront/dist) served at `/`, beside the API at /graphql.

The apps route in the browser (vue-router's history mode), so a path that names no built file
answers its app's index.html and the app shows its own page, or its own "not found". Each app
is a folder of the build with its own index.html: the storefront at the root, the supplier
dashboard in supplier/ (so /supplier/orders/7 answers supplier/index.html). Paths that belong to
the server (/graphql, /healthz, …) are routed before this catch-all.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

NOT_BUILT = (
    "The web apps are not built: run `make web` (or `make demo`, which builds them). The GraphQL API is at /graphql."
)
LONG_CACHE = "public, max-age=31536000, immutable"


def _file_in(root: Path, path: str) -> Path | None:
    """The built file the URL path names, never one outside the build folder."""
    candidate = (root / path.lstrip("/")).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate if candidate.is_file() else None


def _app_index(root: Path, path: str) -> Path:
    """The index.html of the app the path belongs to: its first folder's, else the root's."""
    first_folder = path.lstrip("/").split("/", 1)[0]
    nested = _file_in(root, f"{first_folder}/index.html") if first_folder else None
    return nested or root / "index.html"


def web_app_route(web_dir: Path) -> Route:
    root = web_dir.resolve()

    async def serve(request: Request) -> Response:
        if not (root / "index.html").is_file():
            return PlainTextResponse(NOT_BUILT, status_code=404)
        index = _app_index(root, request.path_params["path"])
        found = _file_in(root, request.path_params["path"])
        if found is not None and found.name != "index.html":
            # Vite names built assets by their content hash: they never change under one name.
            hashed = found.parent.name == "assets"
            return FileResponse(found, headers={"cache-control": LONG_CACHE} if hashed else None)
        if request.path_params["path"].startswith("assets/"):
            return PlainTextResponse("No such file.", status_code=404)
        return FileResponse(index, headers={"cache-control": "no-cache"})

    return Route("/{path:path}", serve, methods=["GET", "HEAD"])
