"""The built web apps at `/`: files as built, the app's index.html for the app's own routes,
the API untouched, nothing outside the build folder, and a clear answer before a build."""

from __future__ import annotations

from dataclasses import replace

import httpx

from app.main import create_app
from app.web import NOT_BUILT


def _client(settings, web_dir) -> httpx.AsyncClient:
    app = create_app(replace(settings, web_dir=web_dir), manage_resources=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def _build(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=app></div>", encoding="utf-8")
    (dist / "assets" / "index-3f2a.js").write_text("console.log(1)", encoding="utf-8")
    (dist / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the web", encoding="utf-8")
    return dist


async def test_built_files_and_the_apps_own_routes(settings, tmp_path):
    async with _client(settings, _build(tmp_path)) as web:
        home = await web.get("/")
        assert home.status_code == 200 and "<div id=app>" in home.text
        assert home.headers["cache-control"] == "no-cache"
        asset = await web.get("/assets/index-3f2a.js")
        assert asset.text == "console.log(1)"
        assert "javascript" in asset.headers["content-type"]
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (await web.get("/favicon.svg")).text == "<svg/>"
        for route in ("/orders/T3JkZXI6MQ", "/suppliers", "/invite/abc"):
            page = await web.get(route)
            assert (page.status_code, page.text) == (200, home.text), route
        assert (await web.get("/assets/gone-1234.js")).status_code == 404, "a missing asset is no page"


async def test_the_supplier_dashboard_answers_its_own_routes(settings, tmp_path):
    dist = _build(tmp_path)
    (dist / "supplier").mkdir()
    (dist / "supplier" / "index.html").write_text("<!doctype html><div id=dashboard></div>", encoding="utf-8")
    async with _client(settings, dist) as web:
        for route in ("/supplier", "/supplier/", "/supplier/orders/T3JkZXI6MQ", "/supplier/index.html"):
            page = await web.get(route)
            assert (page.status_code, "dashboard" in page.text) == (200, True), route
            assert page.headers["cache-control"] == "no-cache", route
        assert "<div id=app>" in (await web.get("/suppliers/x")).text


async def test_the_api_and_the_server_routes_stay_theirs(settings, tmp_path):
    async with _client(settings, _build(tmp_path)) as web:
        health = await web.get("/healthz")
        assert health.headers["content-type"].startswith("application/json")
        api = await web.post("/graphql", json={"query": "{ __typename }"})
        assert api.json()["data"] == {"__typename": "Query"}


async def test_nothing_outside_the_build_folder(settings, tmp_path):
    async with _client(settings, _build(tmp_path)) as web:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"):
            answer = await web.get(path)
            assert "not for the web" not in answer.text, path


async def test_before_a_build_the_server_says_how_to_build(settings, tmp_path):
    async with _client(settings, tmp_path / "missing") as web:
        answer = await web.get("/")
        assert (answer.status_code, answer.text) == (404, NOT_BUILT)
        assert (await web.post("/graphql", json={"query": "{ __typename }"})).status_code == 200
