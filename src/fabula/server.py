"""The web app: paste or upload a story and get the HTML report; a JSON API returns the Analysis.

`create_app(max_bytes=...)` -> a FastAPI app (the `web` extra). Routes:
  GET  /              the form (paste text or upload .txt / .md / .html)
  POST /report        the form's target: the same HTML report as `fabula analyze --html` (GET: back to /)
  POST /api/analyze   JSON {"text", "format"?, "title"?}, a multipart `file`, or a text/* body -> Analysis
  GET  /healthz       liveness, and whether the language model is loaded
  GET  /docs          the API's documentation, one page that loads nothing from the network
  GET  /openapi.json  the OpenAPI description
The language model loads once at start-up. Requests over the size limit (limits.MAX_REQUEST_BYTES,
300,000 bytes, a story the server can finish within its time limit) get 413; bad input
gets a 4xx with {"error": "..."}, but a browser (text/html ranked above JSON) at a wrong address
outside /api/ gets the form with a line saying so. The server reads only what a request carries:
it never opens a path or fetches a URL named in one.

Analysis is CPU-bound, so ingest, analysis and rendering run off the event loop in one worker
thread, one story at a time. At most `max_pending` stories wait or run at once: past that a
request gets 503 at once (with Retry-After). A request whose story is not done within
`time_limit` seconds (queueing included) gets 504; a story still queued is dropped, one already
running is told to stop and does at its next stage (the next 20,000-character piece of the parse
or the next analyzer: within 1.5 s for a 250 KB story on a 2-core machine) and keeps its slot until then, so
abandoned work can never pile up. Both come from the environment when not given:
FABULA_TIME_LIMIT (default 30) and FABULA_MAX_PENDING (default 8).
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import lru_cache, partial
from pathlib import PurePath
from threading import BoundedSemaphore, Event
from typing import Literal, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from fabula import __version__, ingest, limits, nlp, pipeline
from fabula.errors import InputError
from fabula.model import Analysis, Format, Story
from fabula.render import html

_TEXT_TYPES: dict[str, Format | None] = {"text/plain": None, "text/markdown": "markdown", "text/html": "html"}
MAX_TITLE = 500
DEFAULT_TIME_LIMIT = 30.0
DEFAULT_MAX_PENDING = 8
T = TypeVar("T")
_SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}
_FORM = "index.html"
_INLINE = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_ERRORS = {400: "No story, or one that cannot be read", 413: "Request too large",
           415: "Unsupported content type or file type", 422: "Invalid fields", 503: "Busy: too many stories queued",
           504: "The analysis took longer than the time limit"}
_PAGE_ERRORS = {404: "There is no page at this address.", 405: "This address does not answer that kind of request."}


class AnalyzeRequest(BaseModel):
    """A story sent as JSON."""

    model_config = {"extra": "forbid"}
    text: str = Field(description="The story: plain text, Markdown or HTML source.")
    format: Format | Literal["auto"] | None = Field(
        None, description="'text', 'markdown' or 'html'; sniffed when absent or 'auto' (as in the form).")
    title: str | None = Field(None, max_length=MAX_TITLE, description="The title to show, in place of the one the story "
                                                               "gives (a Markdown '# ' heading, an HTML title).")


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
        """400 or 413 in JSON; to the form (/report), its page with the message (the story is not kept)."""
        status, message = ((400, "the Content-Length header is not a number") if declared and not declared.isdigit()
                           else (413, f"the request is over the limit of {self.max_bytes:,} bytes"))
        if scope["path"] == "/report":
            response = _page(html.form_page(message), status=status, template=_FORM)
        else:
            response = _error(status, message)
        await response(scope, receive, send)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _prefers_html(request: Request) -> bool:
    """Whether a request outside /api/ ranks text/html above application/json in its Accept header (a browser)."""
    if request.url.path.startswith("/api/"):
        return False
    weights: dict[str, float] = {}
    for item in request.headers.get("accept", "").lower().split(","):
        kind, _, params = item.partition(";")
        q = re.search(r"\bq=([01](?:\.\d*)?)", params)
        weights[kind.strip()] = float(q.group(1)) if q else 1.0

    def weight(kind: str) -> float:
        return weights.get(kind, weights.get(kind.split("/")[0] + "/*", weights.get("*/*", 0.0)))

    return weight("text/html") > weight("application/json")


def _first_problem(exc: ValidationError | RequestValidationError) -> str:
    problems = exc.errors()
    if not problems:
        return "invalid request"
    first = problems[0]
    where = ".".join(str(part) for part in first.get("loc", ())  # not "body", nor a type's tag ("literal[...]")
                     if part != "body" and (isinstance(part, int) or str(part).isidentifier()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))


# --------------------------------------------------------------------------- reading a request

def _format_of(value: object) -> Format | None:
    if value in (None, "", "auto"):
        return None
    if value not in ("text", "markdown", "html"):
        raise ApiError(422, "format must be 'text', 'markdown' or 'html'")
    return value  # type: ignore[return-value]


Reader = Callable[[], Story]


async def story_from_request(request: Request, max_bytes: int) -> Reader:
    """Read the request: a call that ingests the story it carries (JSON, a form's file or text field, a text/* body).

    The request is read and checked here, on the event loop; the returned call does the
    CPU-bound ingest (decoding, HTML extraction) and runs with the analysis, off the loop.
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            payload = AnalyzeRequest.model_validate_json((await request.body()).removeprefix(b"\xef\xbb\xbf"))
        except ValidationError as exc:
            raise ApiError(422 if exc.errors() and exc.errors()[0]["type"] != "json_invalid" else 400,
                           _first_problem(exc)) from None
        return partial(ingest.read_text, payload.text, fmt=_format_of(payload.format), title=payload.title,
                       source="request")
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _story_from_form(request, max_bytes)
    if kind in _TEXT_TYPES:
        return partial(ingest.read_bytes, await request.body(), source="request", fmt=_TEXT_TYPES[kind],
                       max_bytes=max_bytes)
    raise ApiError(415, "send JSON {\"text\": ...}, a multipart form with a 'file' or 'text' field, or a text/plain body")


async def _story_from_form(request: Request, max_bytes: int) -> Reader:
    try:
        form = await request.form(max_files=2, max_fields=10, max_part_size=max_bytes)
    except Exception as exc:  # noqa: BLE001 - starlette raises several kinds for malformed multipart bodies
        raise ApiError(400, f"the form cannot be read: {exc}") from None
    fmt = _format_of(form.get("format"))
    title = form.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else None
    if title and len(title) > MAX_TITLE:
        raise ApiError(422, f"the title is over {MAX_TITLE} characters")
    if len(form.getlist("file")) > 1:
        raise ApiError(400, "send one story at a time: the form holds more than one 'file'")
    upload, text = form.get("file"), form.get("text")
    pasted = isinstance(text, str) and bool(text.strip())
    if upload is not None and not isinstance(upload, str) and upload.filename:
        name = PurePath(upload.filename.replace("\\", "/")).name
        suffix = PurePath(name).suffix.lower()
        if suffix not in ingest.EXTENSIONS:
            raise ApiError(415, f"{name or 'the file'} is not a .txt, .md or .html file")
        if pasted:  # which one was meant is a guess: ask, rather than analyze the wrong story
            raise ApiError(400, "Paste a story or choose a file, not both.")
        data = await upload.read()
        return partial(_read_upload, data, name, fmt or ingest.EXTENSIONS[suffix], max_bytes, title)
    if pasted:
        return partial(ingest.read_text, text, source="pasted text", fmt=fmt, title=title)
    raise ApiError(400, "Paste a story or choose a file.")


def _read_upload(data: bytes, name: str, fmt: Format, max_bytes: int, title: str | None) -> Story:
    """An uploaded file as a story; a title typed on the form replaces the one the file gives."""
    story = ingest.read_bytes(data, source=name, fmt=fmt, max_bytes=max_bytes)
    story.info.title = title or story.info.title
    return story


async def _sent_back(request: Request) -> dict[str, str]:
    """The title, text and format a form sent, to put back on the form after an error ({} when it cannot be
    read)."""
    try:
        form = await request.form()
    except Exception:  # noqa: BLE001 - a form that could not be read has nothing to put back
        return {}
    text, fmt, title = form.get("text"), form.get("format"), form.get("title")
    return {"text": text if isinstance(text, str) else "", "fmt": fmt if isinstance(fmt, str) else "auto",
            "title": title if isinstance(title, str) else ""}


class Busy(ApiError):
    """503: every analysis slot is taken."""


class Analyst:
    """Runs stories through the pipeline in one worker thread, with a bounded queue and a time limit."""

    def __init__(self, time_limit: float, max_pending: int) -> None:
        self.time_limit, self.max_pending = time_limit, max_pending
        self.slots = BoundedSemaphore(max_pending)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fabula-analysis")

    async def run(self, job: Callable[[Event], T]) -> T:
        """job(stop) in the worker thread: 503 (Busy) when the queue is full, 504 past the time limit,
        when `stop` is set so that a running job ends at its next check (errors.raise_if_cancelled)."""
        if not self.slots.acquire(blocking=False):
            raise Busy(503, f"the server is busy ({self.max_pending} stories queued); try again shortly")
        stop = Event()
        try:
            future = self.executor.submit(job, stop)
        except RuntimeError:  # shutting down
            self.slots.release()
            raise Busy(503, "the server is shutting down") from None
        future.add_done_callback(lambda _done: self.slots.release())  # a slot is free only when the work is
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.time_limit)
        except TimeoutError:
            stop.set()
            future.cancel()  # dropped if still queued; a running analysis stops at its next stage
            raise ApiError(504, f"the analysis took longer than the limit of {self.time_limit:g} s") from None

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _setting(value: float | None, name: str, default: float) -> float:
    if value is not None:
        return value
    raw = os.environ.get(name, "")
    try:
        parsed = float(raw) if raw else default
    except ValueError:
        raise SystemExit(f"error: {name} must be a number, not {raw!r}") from None
    if parsed <= 0:
        raise SystemExit(f"error: {name} must be positive, not {raw!r}")
    return parsed


# --------------------------------------------------------------------------- pages

@lru_cache(maxsize=None)
def _policy(template: str | None) -> str:
    """The report's Content-Security-Policy, plus the hashes of the <script> and <style> blocks that one of the
    app's own templates writes as they stand (the {{ css }} block is the report's CSS); the form may post back."""
    policy = html.content_security_policy(form=template == _FORM)
    for tag, source in _INLINE.findall(html.asset(template)) if template else ():
        if "{{" not in source and "{%" not in source:
            policy = policy.replace(f"{tag}-src ", f"{tag}-src {html.csp_hash(source)} ", 1)
    return policy + "; frame-ancestors 'none'"


def _page(body: str, *, status: int = 200, template: str | None = None) -> HTMLResponse:
    """An HTML page with the security headers; `template` names the app's own page it is (None: a report)."""
    headers = {"Content-Security-Policy": _policy(template), **_SECURITY_HEADERS}
    return HTMLResponse(body, status_code=status, headers=headers)


def create_app(max_bytes: int = limits.MAX_REQUEST_BYTES, *, preload: bool = True, time_limit: float | None = None,
               max_pending: int | None = None) -> FastAPI:
    """The fabula web app; `preload` loads the language model at start-up.

    `time_limit` (seconds per request) and `max_pending` (stories queued or running) default to
    FABULA_TIME_LIMIT / FABULA_MAX_PENDING, else 30 s and 8.
    """
    analyst = Analyst(_setting(time_limit, "FABULA_TIME_LIMIT", DEFAULT_TIME_LIMIT),
                      int(_setting(max_pending, "FABULA_MAX_PENDING", DEFAULT_MAX_PENDING)))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if preload:
            await run_in_threadpool(nlp.load_pipeline)
        yield
        analyst.close()

    app = FastAPI(title="fabula", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read a story and reconstruct what really happened in it: cast, arc, timeline, "
                              "reveal and belief ledger. Every finding carries its evidence as a span of the text.")
    app.add_middleware(BodyLimit, max_bytes=max_bytes)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _prefers_html(request):  # a browser at a wrong address: the form, with a line saying so
            response = _page(html.form_page(_PAGE_ERRORS.get(exc.status_code, str(exc.detail))),
                             status=exc.status_code, template=_FORM)
        else:
            response = _error(exc.status_code, str(exc.detail))
        if exc.status_code == 503:
            response.headers["Retry-After"] = "1"
        return response

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
        return _page(html.form_page(), template=_FORM)

    @app.api_route("/report", methods=["GET", "HEAD"], include_in_schema=False)
    async def report_again() -> RedirectResponse:
        """A bookmarked or reopened report goes back to the form (the story is not kept)."""
        return RedirectResponse("/", status_code=303)

    @app.post("/report", response_class=HTMLResponse, summary="The HTML report of a pasted or uploaded story",
              responses={status: {"description": f"{about} (the form again, with a one-line message)",
                                  "content": {"text/html": {}}} for status, about in _ERRORS.items()})
    async def report(request: Request) -> HTMLResponse:
        try:
            read = await story_from_request(request, max_bytes)
            page = await analyst.run(lambda stop: html.render(pipeline.run(read(), stop), html.Page(home="/")))
        except (ApiError, InputError) as exc:
            status = exc.status_code if isinstance(exc, ApiError) else 400
            message = str(exc.detail) if isinstance(exc, ApiError) else str(exc)
            return _page(html.form_page(message, **await _sent_back(request)), status=status, template=_FORM)
        return _page(page)

    @app.post("/api/analyze", response_model=Analysis, summary="Analyze a story",
              responses={status: {"description": about} for status, about in _ERRORS.items()},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": AnalyzeRequest.model_json_schema()},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {
                      "file": {"type": "string", "format": "binary", "description": ".txt, .md or .html"},
                      "text": {"type": "string"}, "title": {"type": "string", "maxLength": MAX_TITLE},
                      "format": {"type": "string", "enum": ["auto", "text", "markdown", "html"]},
                  }}},
                  "text/plain": {"schema": {"type": "string"}}}}})
    async def api_analyze(request: Request) -> Response:
        read = await story_from_request(request, max_bytes)
        body = await analyst.run(lambda stop: pipeline.run(read(), stop).model_dump_json())
        return Response(body, media_type="application/json")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return _page(html.api_page(app.openapi(), base=str(request.base_url)), template="api.html")

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> dict:
        return {"status": "ok", "version": __version__, "model_loaded": nlp.load_pipeline.cache_info().currsize > 0}

    return app
