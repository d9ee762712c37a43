"""The web app through FastAPI's TestClient: the API, its errors, limits, docs and the form's report."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

import xss
from conftest import DREAM_JOB
from fabula.errors import raise_if_cancelled
from fabula.model import Analysis
from fabula.server import Analyst, ApiError, create_app

LIMIT = 20_000
STORY = "He left me. That's what I told everyone. He never moved across the country, and I never knew."


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_bytes=LIMIT), raise_server_exceptions=False) as test_client:
        yield test_client


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]
    return body["error"]


def test_healthz_says_the_model_is_loaded(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["model_loaded"] is True


def test_analyze_json_returns_the_analysis(client):
    response = client.post("/api/analyze", json={"text": STORY, "title": "The job"})
    assert response.status_code == 200, response.text
    analysis = Analysis.model_validate(response.json())
    assert analysis.info.title == "The job" and len(analysis.sentences) == 3


def test_a_wrong_format_is_named_plainly(client):
    wrong = client.post("/api/analyze", json={"text": STORY, "format": "pdf"})
    assert wrong.status_code == 422
    assert wrong.json() == {"error": "format: Input should be 'text', 'markdown' or 'html'"}


def test_json_takes_format_auto_like_the_form_and_a_byte_order_mark(client):
    auto = client.post("/api/analyze", json={"text": STORY, "format": "auto"})
    assert auto.status_code == 200 and auto.json()["info"]["format"] == "text"
    marked = client.post("/api/analyze", content=b"\xef\xbb\xbf" + json.dumps({"text": STORY}).encode(),
                         headers={"content-type": "application/json"})
    assert marked.status_code == 200, marked.text


def test_two_uploaded_files_are_refused_rather_than_one_dropped(client):
    two = client.post("/api/analyze", files=[("file", ("a.txt", STORY.encode(), "text/plain")),
                                             ("file", ("b.txt", b"Another story. It ends.", "text/plain"))])
    assert "one story at a time" in error_of(two, 400)


def test_analyze_an_uploaded_file_and_a_text_body(client):
    upload = client.post("/api/analyze", files={"file": ("story.md", b"# The Job\n\n" + STORY.encode(), "text/markdown")})
    assert upload.status_code == 200, upload.text
    assert upload.json()["info"]["format"] == "markdown" and upload.json()["info"]["title"] == "The Job"
    plain = client.post("/api/analyze", content=STORY.encode(), headers={"content-type": "text/plain"})
    assert plain.status_code == 200 and plain.json()["text"] == STORY


def test_the_web_app_takes_every_file_type_the_command_line_reads(client):
    from fabula.ingest import EXTENSIONS

    for suffix, fmt in EXTENSIONS.items():
        body = f"<p>{STORY}</p>" if fmt == "html" else STORY
        upload = client.post("/api/analyze", files={"file": (f"story{suffix}", body.encode(), "application/octet-stream")})
        assert upload.status_code == 200 and upload.json()["info"]["format"] == fmt, (suffix, upload.text)
        assert f'accept="{",".join(EXTENSIONS)}"' in client.get("/").text


def test_the_real_dream_job_story_through_the_api(client):
    data = DREAM_JOB.read_bytes()
    big = TestClient(create_app(max_bytes=len(data) + 1000, preload=False))
    response = big.post("/api/analyze", files={"file": ("dream-job.txt", data, "text/plain")})
    assert response.status_code == 200
    assert len(response.json()["media"]) == 8


def test_oversized_requests_get_a_clear_413(client):
    declared = client.post("/api/analyze", json={"text": "word " * LIMIT})
    assert f"over the limit of {LIMIT:,} bytes" in error_of(declared, 413)

    def chunks():  # no Content-Length: the limit still holds while the body streams in
        for _ in range(50):
            yield b"x" * 1000

    streamed = client.post("/api/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert "over the limit" in error_of(streamed, 413)
    form = client.post("/report", files={"file": ("big.txt", b"word " * LIMIT, "text/plain")})
    assert form.status_code == 413


def test_the_default_request_limit_is_what_the_server_can_analyze_in_time():
    default = TestClient(create_app(preload=False))
    response = default.post("/api/analyze", content=b"x" * 300_001, headers={"content-type": "text/plain"})
    assert "over the limit of 300,000 bytes" in error_of(response, 413)


@pytest.mark.parametrize("kwargs, status, fragment", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
    ({"json": {"txt": STORY}}, 422, "text"),
    ({"json": {"text": STORY, "format": "pdf"}}, 422, "format"),
    ({"json": {"text": "   \n "}}, 400, "no story text"),
    ({"json": ["a", "list"]}, 422, ""),
    ({"content": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "headers": {"content-type": "text/plain"}}, 400,
     "binary"),
    ({"files": {"file": ("photo.png", b"\x89PNG", "image/png")}}, 415, "photo.png"),
    ({"files": {"file": ("x.pdf", b"%PDF", "application/pdf")}}, 415, ".txt, .md or .html"),
    ({"data": {"format": "text"}, "files": {"nothing": ("", b"", "text/plain")}}, 400, "Paste a story or choose"),
    ({"data": {"text": STORY, "format": "rtf"}}, 422, "format"),
    ({"content": b"<story/>", "headers": {"content-type": "application/xml"}}, 415, "JSON"),
    ({"content": b"", "headers": {"content-type": "application/json"}}, 400, ""),
])
def test_bad_input_gets_a_4xx_json_error(client, kwargs, status, fragment):
    assert fragment in error_of(client.post("/api/analyze", **kwargs), status)


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_unknown_routes_and_methods_answer_in_json(client):
    error_of(client.get("/api/nothing"), 404)
    error_of(client.get("/api/analyze"), 405)
    error_of(client.get("/api/nothing", headers={"accept": BROWSER}), 404)  # the API answers JSON to anyone
    for accept in ("*/*", "application/json", "application/json, text/html;q=0.5", ""):
        error_of(client.get("/nope", headers={"accept": accept}), 404)


def test_a_browser_at_a_wrong_address_gets_the_form_with_a_line_saying_so(client):
    for method, path, status, line in (("GET", "/nope", 404, "There is no page at this address."),
                                       ("GET", "/docs/nope", 404, "There is no page at this address."),
                                       ("POST", "/", 405, "does not answer that kind of request")):
        page = client.request(method, path, headers={"accept": BROWSER})
        assert page.status_code == status and page.headers["content-type"].startswith("text/html")
        assert line in page.text and 'name="text"' in page.text
        assert "form-action 'self'" in page.headers["content-security-policy"]
    for accept in ("text/html;q=0.9, application/json;q=0.8", "text/*"):
        assert "There is no page" in client.get("/nope", headers={"accept": accept}).text


def test_a_bookmarked_report_goes_back_to_the_form(client):
    again = client.get("/report", headers={"accept": BROWSER}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/"
    assert client.head("/report", follow_redirects=False).status_code == 303
    followed = client.get("/report", headers={"accept": BROWSER})
    assert followed.status_code == 200 and 'name="text"' in followed.text and 'role="alert"' not in followed.text


def test_paths_and_urls_in_a_request_are_only_text(client):
    for text in ("/etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/story.txt"):
        response = client.post("/api/analyze", json={"text": text})
        assert response.status_code == 200 and response.json()["text"] == text
    upload = client.post("/api/analyze", files={"file": ("../../etc/passwd.txt", STORY.encode(), "text/plain")})
    assert upload.json()["info"]["source"] == "passwd.txt" and upload.json()["text"] == STORY


def test_openapi_documents_the_api(client):
    docs = client.get("/docs")
    assert docs.status_code == 200 and "POST /api/analyze" in docs.text and "504" in docs.text
    assert "<script" not in docs.text and "<link" not in docs.text and "src=" not in docs.text  # works offline
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/analyze"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data", "text/plain"} <= set(body)
    assert "Analysis" in json.dumps(spec["components"]["schemas"])


def test_the_docs_give_every_answer_of_the_form_and_every_field_of_the_api(client):
    spec = client.get("/openapi.json").json()
    answers = spec["paths"]["/report"]["post"]["responses"]
    assert {"200", "400", "413", "415", "422", "503", "504"} <= set(answers)
    assert all(set(answer["content"]) == {"text/html"} and answer["description"] for answer in answers.values())
    fields = spec["paths"]["/api/analyze"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert all(field.get("description") for field in fields["properties"].values())
    docs = client.get("/docs").text
    assert "Request too large (the form again" in docs and "in place of the one the story gives" in docs


def test_every_inline_script_and_style_of_the_app_pages_is_allowed_by_its_hash(client):
    for page in (client.get("/"), client.get("/docs"), client.get("/nope", headers={"accept": BROWSER}),
                 client.post("/report", data={"text": " "})):
        policy = dict(part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";"))
        blocks = re.findall(r"<(script|style)>(.*?)</\1>", page.text, re.DOTALL)
        assert blocks and "unsafe-inline" not in str(policy)
        for tag, source in blocks:
            digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy[f"{tag}-src"].split(), (page.url, tag, source[:60])


def test_form_page_and_report_carry_a_content_security_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and 'name="text"' in page.text and 'type="file"' in page.text
    assert "form-action 'self'" in page.headers["content-security-policy"]
    assert client.head("/").status_code == 200
    report = client.post("/report", data={"text": STORY, "format": "auto"})
    assert report.status_code == 200 and 'id="story"' in report.text and 'href="/"' in report.text
    policy = report.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy


def test_a_title_typed_on_the_form_names_the_report_of_a_pasted_or_uploaded_story(client):
    assert '<input id="title" name="title" maxlength="500"' in client.get("/").text
    pasted = client.post("/report", data={"text": STORY, "title": "  The day he left  "})
    assert pasted.status_code == 200 and "<h1>The day he left</h1>" in pasted.text
    uploaded = client.post("/report", data={"title": "The day he left", "text": ""},
                           files={"file": ("story.md", b"# Draft 3\n\n" + STORY.encode(), "text/markdown")})
    assert uploaded.status_code == 200 and "<h1>The day he left</h1>" in uploaded.text
    untitled = client.post("/report", data={"title": " "}, files={"file": ("story.md", b"# Draft 3\n\n" + STORY.encode())})
    assert "<h1>Draft 3</h1>" in untitled.text  # no title typed: the file's own
    api = client.post("/api/analyze", data={"title": "The day he left"}, files={"file": ("s.txt", STORY.encode())})
    assert api.json()["info"]["title"] == "The day he left"
    long = client.post("/report", data={"text": STORY, "title": "x" * 501})
    assert long.status_code == 422 and "the title is over 500 characters" in long.text


def test_form_errors_come_back_on_the_form_with_what_was_sent(client):
    response = client.post("/report", data={"text": "  ", "format": "auto"})
    assert response.status_code == 400 and 'name="text"' in response.text
    assert '<p class="warning" role="alert">Paste a story or choose a file.</p>' in response.text
    assert '<option value="auto" selected>auto-detect</option>' in response.text and "sniff" not in response.text
    sent = "<b>My story</b> & the day he left"
    refused = client.post("/report", data={"text": sent, "format": "markdown"},
                          files={"file": ("story.pdf", b"%PDF-1.4", "application/pdf")})
    assert refused.status_code == 415 and "story.pdf is not a" in refused.text
    assert f">{escape(sent)}</textarea>" in refused.text  # the text is back, escaped
    assert '<option value="markdown" selected>' in refused.text
    both = client.post("/report", data={"text": sent, "format": "markdown", "title": "<i>Mine</i> & yours"},
                       files={"file": ("story.txt", STORY.encode(), "text/plain")})
    assert both.status_code == 400 and "Paste a story or choose a file, not both." in both.text
    assert f'value="{escape("<i>Mine</i> & yours")}"' in both.text  # the title is back too, escaped
    assert f">{escape(sent)}</textarea>" in both.text  # submitted again, the form analyzes the pasted text
    assert "not both" in error_of(client.post("/api/analyze", data={"text": STORY},
                                              files={"file": ("story.txt", STORY.encode())}), 400)
    empty_page = client.post("/report", data={"text": "<nav><a href=x>Home</a></nav>", "format": "html"})
    assert empty_page.status_code == 400 and '<option value="html" selected>' in empty_page.text


def test_a_story_over_the_limit_sent_from_the_form_gets_the_form_back():
    with TestClient(create_app(max_bytes=1_000)) as small:
        response = small.post("/report", data={"text": "He said nothing. " * 100})
    assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
    assert "over the limit of 1,000 bytes" in response.text and 'name="text"' in response.text
    assert "form-action 'self'" in response.headers["content-security-policy"]


def test_hostile_story_through_the_web_app_stays_text(client):
    response = client.post("/report", data={"text": xss.STORY, "format": "text"})
    assert response.status_code == 200
    assert response.text.count("<script>") == 1 and "<img" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text and "{{7*7}}" in response.text
    shown = client.post("/report", data={"text": "  ", "format": xss.PAYLOADS[0]})
    assert shown.status_code == 422 and "<script>alert" not in shown.text


# --------------------------------------------------------------------------- time limit and queue

def test_a_request_past_the_time_limit_gets_504_and_a_full_queue_503():
    story = DREAM_JOB.read_bytes()
    app = create_app(max_bytes=len(story) + 1000, time_limit=0.01, max_pending=1)
    with TestClient(app) as slow:
        started = time.perf_counter()
        late = slow.post("/api/analyze", content=story, headers={"content-type": "text/plain"})
        assert "longer than the limit of 0.01 s" in error_of(late, 504)
        assert time.perf_counter() - started < 5  # answered at the limit, not when the analysis ends
        # the abandoned analysis keeps the only slot until it stops: the next story is refused at once
        busy = slow.post("/api/analyze", content=story, headers={"content-type": "text/plain"})
        assert "busy" in error_of(busy, 503) and busy.headers["retry-after"] == "1"
        form = slow.post("/report", data={"text": STORY})
        assert form.status_code == 503 and "busy" in form.text and 'name="text"' in form.text
        assert slow.get("/healthz").status_code == 200  # the event loop is not blocked meanwhile


def test_a_timed_out_analysis_is_told_to_stop_and_frees_its_slot():
    analyst = Analyst(time_limit=0.05, max_pending=1)
    told: list[bool] = []

    def job(stop):
        told.append(stop.wait(10))  # True as soon as the server gives up, else False after 10 s
        raise_if_cancelled(stop)

    with pytest.raises(ApiError) as late:
        asyncio.run(analyst.run(job))
    assert late.value.status_code == 504
    analyst.executor.shutdown(wait=True)
    assert told == [True] and analyst.slots.acquire(blocking=False)


def test_the_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("FABULA_TIME_LIMIT", "0.01")
    with TestClient(create_app(max_bytes=LIMIT)) as slow:
        assert "limit of 0.01 s" in error_of(slow.post("/api/analyze", json={"text": STORY * 20}), 504)
    monkeypatch.setenv("FABULA_MAX_PENDING", "none")
    with pytest.raises(SystemExit, match="FABULA_MAX_PENDING must be a number"):
        create_app()


# --------------------------------------------------------------------------- no file reads, no fetches

@pytest.fixture
def listener():
    """A local TCP port that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            hits.append(connection.recv(200))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}", hits
    stop.set()
    thread.join(2)
    server.close()


def test_no_request_makes_the_server_fetch_a_url_or_read_a_file(client, listener):
    where, hits = listener
    url = f"http://{where}/story.txt"
    secret = Path("/etc/hostname") if Path("/etc/hostname").exists() else Path(__file__)
    marker = secret.read_text("utf-8").split()[0] if secret.read_text("utf-8").split() else "unlikely-marker"
    html_story = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY local SYSTEM "file://{secret}">'
                  f'<!ENTITY remote SYSTEM "{url}">]><html><head><link rel="stylesheet" href="{url}">'
                  f'<base href="{url}"><meta http-equiv="refresh" content="0; url={url}"></head><body>'
                  f'<p>He left me. &local; &remote;</p><img src="{url}"><iframe src="{url}"></iframe>'
                  f'<object data="file://{secret}"></object><p>That is what I told everyone.</p></body></html>')
    requests = [
        {"json": {"text": url}},
        {"json": {"text": f"file://{secret}"}},
        {"json": {"text": html_story, "format": "html"}},
        {"content": html_story.encode(), "headers": {"content-type": "text/html"}},
        {"json": {"text": f"# Story\n\n![x]({url}) He left me. [more]({url})", "format": "markdown"}},
        {"files": {"file": (str(secret) + ".txt", STORY.encode(), "text/plain")}},
        {"files": {"file": ("story.html", html_story.encode(), "text/html")}},
    ]
    for kwargs in requests:
        response = client.post("/api/analyze", **kwargs)
        assert response.status_code in (200, 400), response.text
        if response.status_code == 200:
            assert marker not in response.json()["text"] or marker in str(kwargs)
    report = client.post("/report", data={"text": html_story, "format": "html"})
    assert report.status_code in (200, 400) and f'src="{url}"' not in report.text
    time.sleep(0.3)
    assert hits == []


# --------------------------------------------------------------------------- titles and file names are text

def test_titles_and_file_names_are_escaped_in_the_report(client):
    for payload in xss.PAYLOADS[:2]:
        titled = client.post("/report", data={"text": STORY, "title": payload})
        assert titled.status_code == 200 and payload not in titled.text
        assert str(escape(payload)) in titled.text
        uploaded = client.post("/report", files={"file": (f"{payload}.txt", STORY.encode(), "text/plain")})
        assert uploaded.status_code == 200 and payload not in uploaded.text
        refused = client.post("/report", files={"file": (f"{payload}.pdf", b"%PDF", "application/pdf")})
        assert refused.status_code == 415 and payload not in refused.text
    api = client.post("/api/analyze", json={"text": STORY, "title": xss.PAYLOADS[0]})
    assert api.json()["info"]["title"] == xss.PAYLOADS[0]  # JSON carries it verbatim, as data
    assert api.headers["content-type"] == "application/json"
