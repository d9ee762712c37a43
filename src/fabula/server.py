"""The web app: paste or upload a story and get the HTML report; a JSON API returns the Analysis.

`create_app(max_bytes=...)` -> a FastAPI app (the `web` extra). Routes:
  GET  /              the form (paste text or upload .txt / .md / .html)
  POST /report        the form's target: the same HTML report as `fabula analyze --html`
  POST /api/analyze   JSON {"text", "format"?, "title"?}, a multipart `file`, or a text/* body -> Analysis
  GET  /healthz       liveness, and whether the language model is loaded
  GET  /docs          the OpenAPI documentation
The language model loads once at start-up. Requests over the size limit get 413; bad input
gets a 4xx with {"error": "..."}. The server reads only what a request carries: it never opens
a path or fetches a URL named in one.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from pathlib import PurePath

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from fabula import __version__, ingest, nlp, pipeline
from fabula.errors import InputError
from fabula.model import Analysis, Format, Story
from fabula.render import html

_EXTENSIONS: dict[str, Format] = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                                  ".html": "html", ".htm": "html"}
_TEXT_TYPES: dict[str, Format | None] = {"text/plain": None, "text/markdown": "markdown", "text/html": "html"}
_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


class AnalyzeRequest(BaseModel):
    """A story sent as JSON."""

    model_config = {"extra": "forbid"}
    text: str = Field(description="The story: plain text, Markdown or HTML source.")
    format: Format | None = Field(None, description="'text', 'markdown' or 'html'; sniffed when absent.")
    title: str | None = Field(None, max_length=500)


class ApiError(HTTPException):
    """A 4xx answer with a one-line message."""


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413, before the app reads them."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send, declared)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await self._refuse(scope, receive, send, b"")
                return
            if not message.get("more_body"):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope, receive, send, declared: bytes) -> None:
        if declared and not declared.isdigit():
            response = _error(400, "the Content-Length header is not a number")
        else:
            response = _error(413, f"the request is over the limit of {self.max_bytes:,} bytes")
        await response(scope, receive, send)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _first_problem(exc: ValidationError | RequestValidationError) -> str:
    problems = exc.errors()
    if not problems:
        return "invalid request"
    first = problems[0]
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))


# --------------------------------------------------------------------------- reading a request

def _format_of(value: object) -> Format | None:
    if value in (None, "", "auto"):
        return None
    if value not in ("text", "markdown", "html"):
        raise ApiError(422, "format must be 'text', 'markdown' or 'html'")
    return value  # type: ignore[return-value]


async def story_from_request(request: Request, max_bytes: int) -> Story:
    """The story a request carries: JSON, a multipart form (file or text field) or a text/* body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            payload = AnalyzeRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            raise ApiError(422 if exc.errors() and exc.errors()[0]["type"] != "json_invalid" else 400,
                           _first_problem(exc)) from None
        return ingest.read_text(payload.text, fmt=payload.format, title=payload.title, source="request")
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _story_from_form(request, max_bytes)
    if kind in _TEXT_TYPES:
        return ingest.read_bytes(await request.body(), source="request", fmt=_TEXT_TYPES[kind], max_bytes=max_bytes)
    raise ApiError(415, "send JSON {\"text\": ...}, a multipart form with a 'file' or 'text' field, or a text/plain body")


async def _story_from_form(request: Request, max_bytes: int) -> Story:
    try:
        form = await request.form(max_files=2, max_fields=10, max_part_size=max_bytes)
    except Exception as exc:  # noqa: BLE001 - starlette raises several kinds for malformed multipart bodies
        raise ApiError(400, f"the form cannot be read: {exc}") from None
    fmt = _format_of(form.get("format"))
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        name = PurePath(upload.filename.replace("\\", "/")).name
        suffix = PurePath(name).suffix.lower()
        if suffix not in _EXTENSIONS:
            raise ApiError(415, f"{name or 'the file'} is not a .txt, .md or .html file")
        data = await upload.read()
        return ingest.read_bytes(data, source=name, fmt=fmt or _EXTENSIONS[suffix], max_bytes=max_bytes)
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        title = form.get("title")
        return ingest.read_text(text, source="pasted text", fmt=fmt, title=title if isinstance(title, str) and
                                title.strip() else None)
    raise ApiError(400, "paste a story into 'text' or upload a 'file'")


_analysis_lock = threading.Lock()


def _analyze(story: Story) -> Analysis:
    with _analysis_lock:
        return pipeline.run(story)


# --------------------------------------------------------------------------- pages

def _page(body: str, *, status: int = 200, form: bool = False) -> HTMLResponse:
    headers = {"Content-Security-Policy": html.content_security_policy(form=form) + "; frame-ancestors 'none'",
               **_SECURITY_HEADERS}
    return HTMLResponse(body, status_code=status, headers=headers)


def create_app(max_bytes: int = ingest.DEFAULT_MAX_BYTES, *, preload: bool = True) -> FastAPI:
    """The fabula web app; `preload` loads the language model at start-up."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if preload:
            await run_in_threadpool(nlp.load_pipeline)
        yield

    app = FastAPI(title="fabula", version=__version__, lifespan=lifespan,
                  description="Read a story and reconstruct what really happened in it: cast, arc, timeline, "
                              "reveal and belief ledger. Every finding carries its evidence as a span of the text.")
    app.add_middleware(BodyLimit, max_bytes=max_bytes)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _first_problem(exc))

    @app.exception_handler(InputError)
    async def unreadable(_request: Request, exc: InputError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(exc).__name__}")

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return _page(html.form_page(), form=True)

    @app.post("/report", response_class=HTMLResponse, summary="The HTML report of a pasted or uploaded story")
    async def report(request: Request) -> HTMLResponse:
        try:
            story = await story_from_request(request, max_bytes)
            analysis = await run_in_threadpool(_analyze, story)
        except (ApiError, InputError) as exc:
            status = exc.status_code if isinstance(exc, ApiError) else 400
            message = str(exc.detail) if isinstance(exc, ApiError) else str(exc)
            return _page(html.form_page(message), status=status, form=True)
        return _page(html.render(analysis, html.Page(home="/")))

    @app.post("/api/analyze", response_model=Analysis, summary="Analyze a story",
              responses={400: {"description": "Unreadable input"}, 413: {"description": "Request too large"},
                         415: {"description": "Unsupported content type or file type"},
                         422: {"description": "Invalid JSON fields"}},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": AnalyzeRequest.model_json_schema()},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {
                      "file": {"type": "string", "format": "binary", "description": ".txt, .md or .html"},
                      "text": {"type": "string"}, "format": {"type": "string", "enum": ["text", "markdown", "html"]},
                  }}},
                  "text/plain": {"schema": {"type": "string"}}}}})
    async def api_analyze(request: Request) -> Response:
        story = await story_from_request(request, max_bytes)
        analysis = await run_in_threadpool(_analyze, story)
        return Response(analysis.model_dump_json(), media_type="application/json")

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> dict:
        return {"status": "ok", "version": __version__, "model_loaded": nlp.load_pipeline.cache_info().currsize > 0}

    return app
