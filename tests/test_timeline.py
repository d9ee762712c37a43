"""The timeline: time expressions, events, scenes, story order, flashbacks and time jumps."""

from __future__ import annotations

import pytest

import fabula
from conftest import STORY_PATHS, analysis_of
from fabula.analyzers.sections import is_heading
from fabula.analyzers.timex import find_expressions
from fabula.render.charts import timeline_svg
from fabula.render.terminal import _timeline_lines

# (sentence, expression text, type, value, direction)
FORMS = [
    ("About a year and a half later, I was having coffee.", "About a year and a half later", "DURATION", "+P1.5Y", "after"),
    ("Months before he even got that offer.", "Months before", "DURATION", "-PXM", "before"),
    ("For months, I was a ghost myself.", "For months", "DURATION", "PXM", "none"),
    ("Oh, I saw him the other day.", "the other day", "DATE", "PAST_REF", "before"),
    ("That night he did not sleep.", "That night", "TIME", "XXXX-XX-XXTNI", "none"),
    ("Ten years later she came back.", "Ten years later", "DURATION", "+P10Y", "after"),
    ("Two mornings later the parcel arrived.", "Two mornings later", "DURATION", "+P2D", "after"),
    ("On Christmas Eve he came home.", "On Christmas Eve", "DATE", "XXXX-12-24", "none"),
    ("The rent was due at Michaelmas.", "at Michaelmas", "DATE", "XXXX-09-29", "none"),
    ("She died last springtime.", "last springtime", "DATE", "-P3M", "before"),
    ("In the summertime they swam.", "In the summertime", "DATE", "XXXX-SU", "none"),
    ("For three evenings she sang.", "For three evenings", "DURATION", "P3D", "none"),
    ("The next morning I was to start for the West.", "The next morning", "TIME", "+P1DTMO", "after"),
    ("We dined here twenty years ago.", "twenty years ago", "DATE", "-P20Y", "before"),
    ("At length I would be avenged.", "At length", "DATE", "FUTURE_REF", "after"),
    ("By then the house was empty.", "By then", "DATE", "PAST_REF", "before"),
    ("Meanwhile the storm grew worse.", "Meanwhile", "DATE", "PRESENT_REF", "none"),
    ("I swallowed it every single day.", "every single day", "SET", "P1D", "none"),
    ("They met twice a week.", "twice a week", "SET", "2X/P1W", "none"),
    ("He passed away early in January.", "early in January", "DATE", "XXXX-01", "none"),
    ("On the first of November, he filed a report.", "On the first of November", "DATE", "XXXX-11-01", "none"),
    ("On the twenty-first of May we met.", "On the twenty-first of May", "DATE", "XXXX-05-21", "none"),
    ("About the end of December he took to his bed.", "About the end of December", "DATE", "XXXX-12", "none"),
    ("He was born on March 3rd, 1890.", "on March 3rd, 1890", "DATE", "1890-03-03", "none"),
    ("It was now midnight.", "now midnight", "TIME", "XXXX-XX-XXT24:00", "none"),
    ("He came about one in the afternoon.", "about one in the afternoon", "TIME", "XXXX-XX-XXT13:00", "none"),
    ("It was barely 10 o'clock at night.", "barely 10 o'clock at night", "TIME", "XXXX-XX-XXT22:00", "none"),
    ("At half-past eight I was up in that tree.", "At half-past eight", "TIME", "XXXX-XX-XXT08:30", "none"),
    ("At a quarter to nine she left.", "At a quarter to nine", "TIME", "XXXX-XX-XXT08:45", "none"),
    ("said Ulrich a few minutes later", "a few minutes later", "DURATION", "+PTXM", "after"),
    ("About twenty minutes he waited.", "About twenty minutes", "DURATION", "PT20M", "none"),
    ("For the half of a century no mortal has disturbed them.", "For the half of a century", "DURATION", "P0.5CE", "none"),
    ("A law suit, in the days of his grandfather, had wrested it.", "in the days of his grandfather", "DATE", "PAST_REF", "before"),
    ("He brooded over it all night long.", "all night long", "DURATION", "PT1NI", "none"),
    ("Some weeks later there was a bonfire.", "Some weeks later", "DURATION", "+PXW", "after"),
    ("By the end of the week, it had two million views.", "By the end of the week", "DATE", "+P1W", "after"),
    ("At the close of that summer we moved.", "At the close of that summer", "DATE", "+P1SU", "after"),
    ("She had died eighteen years before.", "eighteen years before", "DURATION", "-P18Y", "before"),
    ("It was the day before the wedding.", "the day before", "DATE", "-P1D", "before"),
    ("On Tuesday of the following week he went to market.", "the following week", "DATE", "+P1W", "after"),
    ("I have not seen her since yesterday.", "yesterday", "DATE", "-P1D", "before"),
    ("We married in the summer of 1887.", "in the summer of 1887", "DATE", "1887-SU", "none"),
    ("She wrote to him twenty-five years ago.", "twenty-five years ago", "DATE", "-P25Y", "before"),
    ("He had been chasing it ever since.", "ever since", "DURATION", "PX", "after"),
    ("Last year the mill closed.", "Last year", "DATE", "-P1Y", "before"),
    ("The paper came out weekly.", "weekly", "SET", "P1W", "none"),
    ("At the end of a week they had lost all hope.", "At the end of a week", "DURATION", "+P1W", "after"),
    ("After ten years she came home.", "After ten years", "DURATION", "+P10Y", "after"),
    ("After a long day at the office, she came home.", "After a long day", "DURATION", "P1D", "none"),
    ("This life lasted ten years.", "ten years", "DURATION", "+P10Y", "after"),
    ("Weeks went by, and nothing changed.", "Weeks", "DURATION", "+PXW", "after"),
    ("As the years passed, she grew old.", "years", "DURATION", "+PXY", "after"),
    ("Then years later he came home.", "years later", "DURATION", "+PXY", "after"),
    ("Days passed, and weeks went by.", "weeks", "DURATION", "+PXW", "after"),
    ("Upon the eighth night I opened the door.", "Upon the eighth night", "TIME", "+P1D", "after"),
    ("In her second semester, a letter came.", "In her second semester", "DATE", "+P4M", "after"),
    ("By his third year, he ran the shop.", "By his third year", "DATE", "+P1Y", "after"),
    ("That fall I met Jordan.", "That fall", "DATE", "XXXX-FA", "none"),  # the American season
    ("On the Sunday after the funeral she sold the farm.", "the Sunday after", "DATE", "+P1D", "after"),
    ("On the day succeeding the fire, I visited the ruins.", "the day succeeding", "DATE", "+P1D", "after"),
    ("The day of the ball drew near.", "The day of the ball drew near", "DATE", "+PXD", "after"),
    ("For three long years she waited.", "For three long years", "DURATION", "P3Y", "none"),
    ("That March, the mill closed.", "That March", "DATE", "XXXX-03", "none"),
    ("By summer the mill had closed.", "By summer", "DATE", "XXXX-SU", "none"),
    ("By morning the mill had closed.", "By morning", "TIME", "XXXX-XX-XXTMO", "none"),
    ("That summer, the mill closed.", "That summer", "DATE", "XXXX-SU", "none"),
    ("She took the bus two or three nights a week.", "two or three nights a week", "SET", "2X/P1W", "none"),
    ("She sat there for twenty minutes before she went in.", "for twenty minutes", "DURATION", "PT20M", "none"),
    ("Twenty minutes before he came, she left.", "Twenty minutes before", "DURATION", "-PT20M", "before"),
    ("The trees bore fruit every September.", "every September", "SET", "XXXX-09", "none"),
    ("I bought the car last March.", "last March", "DATE", "XXXX-03", "before"),    # measured from now
    ("Martin drove up the following weekend.", "the following weekend", "DATE", "+P1W", "after"),
    ("The second weekend, two students came.", "The second weekend", "DATE", "+P1W", "after"),
    ("Every weekend he fished.", "Every weekend", "SET", "XXXX-WXX-WE", "none"),
    ("We moved this past June.", "this past June", "DATE", "XXXX-06", "before"),
    ("They married the next September.", "next September", "DATE", "XXXX-09", "none"),  # from the story's date
    ("It was her last May in the city.", "last May", "DATE", "XXXX-05", "none"),       # the final one
    ("Last Christmas we fought.", "Last Christmas", "DATE", "XXXX-12-25", "before"),
]


@pytest.mark.parametrize("sentence, expected", [
    ("By Easter, the mill had closed.", "By Easter"),
    ("He came home at Thanksgiving.", "at Thanksgiving"),
    ("On All Saints' Day the mill closed.", "On All Saints' Day"),
])
def test_a_feast_is_found_in_a_parsed_story_with_no_other_time_word_near(sentence, expected):
    """The parse gates the patterns to windows around trigger words; a feast's name is one."""
    assert [e.text for e in fabula.analyze(sentence).timeline.expressions] == [expected]


@pytest.mark.parametrize("sentence, expected, kind, value, direction", FORMS, ids=[f[1] for f in FORMS])
def test_time_expression_forms_are_found_and_normalized(sentence, expected, kind, value, direction):
    found = [t for t in find_expressions(sentence) if sentence[t.start:t.end] == expected]
    assert found, [sentence[t.start:t.end] for t in find_expressions(sentence)]
    assert (found[0].type, found[0].value, found[0].direction) == (kind, value, direction)


@pytest.mark.parametrize("sentence", [
    "He came every Monday, all night long, twice a week, the next day, three years later.",
    "The whole summer long she waited, every single evening.",
])
def test_shouted_and_look_alike_letters_read_as_lower_case(sentence):
    """ALL CAPS, and the four letters that case-insensitive [a-z] also matches (ı İ ſ and the Kelvin
    sign), give the same expressions as plain lower case (they once raised KeyError)."""
    expected = [(t.start, t.end, t.value) for t in find_expressions(sentence)]
    assert expected
    look_alike = sentence.replace("s", "ſ").replace("k", "\u212a").replace("i", "ı")
    for variant in (sentence.upper(), sentence.swapcase(), look_alike):
        assert [(t.start, t.end, t.value) for t in find_expressions(variant)] == expected
        assert len(fabula.analyze(variant).timeline.expressions) == len(expected)


def test_words_that_only_look_like_time_are_not_expressions():
    for sentence in ("May I come in?", "He was at his best.", "The days of his life were long ones.",
                     "Early in the morning she left."):
        assert not [t for t in find_expressions(sentence) if t.kind == "calendar"], sentence
    assert find_expressions("He left some papers behind.") == []
    assert find_expressions("He ate half a pie. A quarter of the town burned.") == []
    assert find_expressions("He heard a second shot. There came a day when she left.") == []
    assert find_expressions("The first of them came. He was the second of three sons.") == []
    assert find_expressions("On my last night in the house I slept well. It was the last day of the fair.") == []
    assert find_expressions("After that fall from the ladder he limped. This fall down the stairs hurt.") == []
    assert find_expressions("Tears that fall like rain. She feared that fall would end her career. He broke his hip "
                            "in that fall.") == []
    assert not fabula.analyze("After that fall from the ladder he limped.").timeline.expressions
    assert find_expressions("At the end of the day, it is about trust. They gave me until the end of the month.") == []
    assert [t.value for t in find_expressions("Last night I dreamt of the mill.")] == ["-P1D"]
    thing = "She enrolled for a night course. He served ten months of a four year sentence."
    parsed = fabula.analyze(thing).timeline.expressions
    assert [e.text for e in parsed] == ["ten months"]
    named = "Aunt April baked bread. April was a farm girl. In April the mill closed. On April 2 it opened."
    assert [named[t.start:t.end] for t in find_expressions(named)] == ["In April", "On April 2"]
    assert [(t.start, t.end, t.kind) for t in find_expressions("She waited an hour.")] == [(11, 18, "duration")]
    # a day part counts days only in the plural: "one morning" is a point, not a day's length
    assert [(t.kind, t.value) for t in find_expressions("One morning she left.")] == [("point", "XXXX-XX-XXTMO")]


@pytest.mark.parametrize("text", ["He read all the evening papers.", "All the night nurses came home."])
def test_a_whole_stretch_compounded_into_a_noun_is_a_kind_of_thing_not_a_time(text):
    assert fabula.analyze(text).timeline.expressions == []


def test_a_number_that_counts_a_noun_is_no_clock_time():
    clock_times = [e.text for e in fabula.analyze(
        "She gave a quarter to one beggar and a dime to another. At a quarter to nine she left.").timeline.expressions]
    assert clock_times == ["At a quarter to nine"]


def test_a_length_that_rates_a_quantity_is_a_set_and_no_jump():
    text = ("Marta sold apples at the market. Six dollars a week or a thousand a year, she thought, what was the "
            "difference?\n\nShe stayed a week in the town.")
    analysis = fabula.analyze(text)
    found = [(e.text, e.type, e.value) for e in analysis.timeline.expressions]
    assert found == [("a week", "SET", "P1W"), ("a year", "SET", "P1Y"), ("a week", "DURATION", "P1W")]
    assert not [j for j in analysis.timeline.jumps if "dollars" in j.text]


def test_relative_expressions_carry_their_anchor():
    [later] = find_expressions("Ten years later she came back.")
    [ago] = find_expressions("We dined here twenty years ago.")
    [before] = find_expressions("Months before he even got that offer.")
    assert (later.anchor, ago.anchor, before.anchor) == ("previous", "story-now", "clause")


def test_tense_and_aspect_of_events():
    analysis = fabula.analyze("She had met him in Paris. He was walking home. They will go. He has gone.")
    shapes = {e.verb: (e.tense, e.aspect) for e in analysis.timeline.events}
    assert shapes["meet"] == ("past", "perfect")
    assert shapes["walk"] == ("past", "progressive")
    assert shapes["go"] in {("future", "simple"), ("present", "perfect")}
    met = next(e for e in analysis.timeline.events if e.verb == "meet")
    assert (met.subject, met.object) == ("She", "him")


def test_past_perfect_run_is_a_flashback_placed_before_the_narrative():
    text = ("Anna walked into the kitchen. She made coffee. She had once lived in Rome with her sister. "
            "They had shared a tiny flat. She drank the coffee slowly.")
    timeline = fabula.analyze(text).timeline
    assert any("had once lived in Rome" in span.text for span in timeline.flashbacks)
    times = {e.verb: e.story_time for e in timeline.events}
    assert times["live"] < times["walk"] < times["make"] < times["drink"]
    assert timeline.story_order.index(next(e.id for e in timeline.events if e.verb == "live")) == 0


def test_time_jump_moves_story_time_and_opens_a_scene():
    text = "Tom sold the farm and moved to town.\n\nTen years later, he came back to the valley. Nobody knew him."
    timeline = fabula.analyze(text).timeline
    assert [span.text for span in timeline.jumps] == ["Ten years later, he came back to the valley."]
    assert len(timeline.scenes) == 2 and timeline.scenes[1].label.startswith("Ten years later")
    assert timeline.scenes[1].anchor == timeline.expressions[0].id
    assert timeline.scenes[1].story_time > timeline.scenes[0].story_time + 1000


def test_place_change_at_a_paragraph_start_opens_a_scene():
    text = "She packed her bags and called a taxi.\n\nAt the airport, the queue was endless. She waited."
    timeline = fabula.analyze(text).timeline
    assert [s.label for s in timeline.scenes][1].startswith("At the airport")


@pytest.mark.parametrize("separator", ["* * *", "III"])
def test_a_section_break_or_heading_opens_a_scene(separator):
    text = (f"She packed her bags and called a taxi. She waited.\n\n{separator}\n\n"
            "The rain fell on the roof. It did not stop.")
    timeline = fabula.analyze(text).timeline
    assert [s.label for s in timeline.scenes][-1].startswith("The rain fell")


def test_stories_without_events_or_times_do_not_fail():
    for text in ("Hello.", "Oh!", "“Yes.”"):
        timeline = fabula.analyze(text).timeline
        assert timeline is not None and timeline.jumps == [] and timeline.flashbacks == []


# --------------------------------------------------------------------------- the dream-job story


def timeline_around(passage: str):
    """The timeline of one passage set between two plain sentences of narration."""
    text = f"Anna lived by the river and worked at the mill every day. {passage} She walked to the mill again."
    return fabula.analyze(text).timeline


@pytest.mark.parametrize(("passage", "is_jump"), [
    ("Ten years passed.", True),
    ("Weeks went by, and nothing changed.", True),
    ("The weeks went by, and nothing changed.", True),
    ("This life lasted ten years.", True),
    ("She had spent ten years in prison.", False),  # the past perfect tells what came before, not time let pass
    ("Her marriage had already lasted three years.", False),
    ("At the end of a week they had lost all hope.", True),
    ("By the end of the week the video had two million views.", True),
    ("They gave her until the end of the month.", False),
    ("We had been told that the lease ran out at the end of the month.", False),  # dates no main line
    ("The party at the end of the year was loud.", False),
    ("Upon the eighth night she opened the door.", True),
    ("In her second semester, she moved into the dorm.", True),  # an ordinal of someone's own span
    ("It was the second year of the war.", False),  # the first dating in a named span sets the story in time
    ("On the day succeeding the fire, she visited the ruins.", True),
    ("The day of the ball drew near.", True),
    ("The great night duly arrived, moonlit and cloudless.", True),  # a day or night arriving needs no "of"
    ("Three days wore away.", True),
    ("Night came on, and still nothing.", False),  # the same day's hours going by
    ("Morning came, grey and cold.", False),
    ("In her second year of college, she met Jake.", True),  # a span of her own, not a named one
    ("The day passed slowly.", False),
    ("After a moment she spoke again.", False),
    ("She thought about it for a week.", False),
    ("He said that the day of the fair had come.", False),
    ("The night of the storm came back to me.", False),
    ("She wrote to him. It was two weeks before the answer came.", True),  # the time until the clause
    ("After Christmas the old gardener fell ill.", True),
    ("By Halloween, something felt off.", True),                    # a feast of the modern calendar
    ("Her brother came by exactly once, on Labor Day.", True),
    ("On Valentine’s Day he brought her roses.", True),
    ("On Valentines Day he brought her roses.", True),             # spelled without the apostrophe
    ("By Labour Day the field was bare.", True),
    ("On Mothers' Day they ate at the inn.", True),
    ("In the first week of October, the envelope came.", True),    # a week of a named month
    ("By the last week of July, the drain was in.", True),
    ("The next day would be Christmas Day, and the shop was closed.", False),  # what day it is, no move
    ("Her scarf had been knitted for her by an aunt on Thanksgiving Day.", False),  # a past perfect looks back
    ("She wrote to him. It was nearly a month before he answered.", True),
    ("By Easter, the old gardener had fallen ill.", True),  # done by a later date: no look back
    ("By summer the old gardener had sold the mill.", True),
    ("She went to bed. By morning the river was frozen.", True),  # the time the narration reaches
    ("She read by morning light.", False),                      # a kind of light, no time
    ("That summer, the old gardener sold the mill.", True),  # a fronted season, as "That March"
    ("Three nights a week, the old gardener went to the tavern.", False),  # how often, no time let pass
    ("The old gardener picked a date, June 14.", False),       # a day talked of
    ("The old gardener turned the calendar to October.", False),
    ("In October the old gardener sold the mill.", True),
    ("The old gardener's trees bore fruit every September.", False),
    ("The old gardener sold the mill that summer.", False),  # the summer already told
])
def test_time_let_pass_is_a_jump(passage, is_jump):
    assert bool(timeline_around(passage).jumps) == is_jump


@pytest.mark.parametrize(("passage", "is_flashback"), [
    # a narrator's remembering reaches back
    ("The cat, I remembered, had been hung in a garden beside the house.", True),
    ("She remembered that she had met him in Rome.", True),
    ("She sat down by the window and she thought of that gay evening of long ago.", True),
    ("She remembered the summer.", False),
    # a remembering that singles out a time of the past by a clause or an "of" phrase
    ("He remembered the day he first saw her at the fair.", True),
    ("She recalled the evening of the fire.", True),
    ("He thought of the days when they were young.", True),
    ("He did not remember the day of the fair.", False),
    ("He remembered the time of the train.", False),
    ("He remembered the day when he would leave.", False),  # a time still to come
    ("He thought of the time to leave.", False),
    ("He remembered the day of the week.", False),          # which day it is, not a past one
    ("She did not remember that she had locked the door.", False),
    ("He asked if she remembered where she had left the key.", False),
    ("She sat down by the window and she thought about the dinner.", False),
    ("The girl made no comment, but she had long ago recommenced her line.", False),
    # "once" as formerly reaches back, "once" as a count or "as soon as" does not
    ("They had once had a quarrel about the land.", True),
    ("I once knew a man who sold the moon.", True),
    ("He shrieked once—once only.", False),
    ("It is hard to say how the idea came; but once conceived, it haunted me day and night.", False),
])
def test_what_reaches_back_is_a_flashback(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


def test_dream_job_time_jumps_and_flashbacks(dream_job):
    timeline = dream_job.timeline
    jumps = [span.text for span in timeline.jumps]
    assert any(text.startswith("About a year and a half later") for text in jumps)
    assert any(text.startswith("For months") for text in jumps)
    assert any("Months before he even got that offer" in span.text for span in timeline.flashbacks)
    assert len(jumps) <= 4 and len(timeline.flashbacks) <= 5
    assert timeline.narrating_present.text == "That’s what I told everyone."


def test_dream_job_story_order(dream_job):
    timeline = dream_job.timeline

    def when(verb, words):
        return next(e.story_time for e in timeline.events if e.verb == verb and words in e.text)

    met, offer = when("meet", "met someone"), when("come", "the offer finally came")
    goodbye, coffee = when("be", "The goodbye was"), when("have", "having coffee")
    assert met < offer < goodbye < coffee
    assert sorted(timeline.story_order) == sorted(timeline.telling_order)
    assert timeline.telling_order == [e.id for e in timeline.events]
    assert timeline.story_order != timeline.telling_order


def test_dream_job_scenes_break_at_media_and_cover_the_story(dream_job):
    scenes = dream_job.timeline.scenes
    assert all(a.end <= b.start for a, b in zip(scenes, scenes[1:]))
    starts = {s.start for s in scenes}
    for media in dream_job.media:
        assert any(media.offset <= start <= media.offset + 2 for start in starts)


@pytest.mark.parametrize("path", STORY_PATHS, ids=lambda p: p.stem)
def test_every_fixture_has_a_consistent_timeline(path):
    timeline = analysis_of(path).timeline
    assert timeline.events and timeline.scenes and timeline.expressions
    ids = {e.id for e in timeline.events}
    assert set(timeline.story_order) == ids and len(timeline.story_order) == len(ids)
    assert all(e.scene < len(timeline.scenes) for e in timeline.events)
    assert all(x.anchor in (None, "previous", "story-now", "clause") or x.anchor in ids for x in timeline.expressions)


# --------------------------------------------------------------------------- renderers


def test_timeline_chart_marks_jumps_and_flashbacks_and_escapes_text(dream_job):
    svg = timeline_svg(dream_job.timeline)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="jump"') == len(dream_job.timeline.jumps)
    assert svg.count('class="flashback"') == len(dream_job.timeline.flashbacks)
    hostile = fabula.analyze('He wrote <script>alert("x")</script> on the wall. Ten years later he came back.')
    svg = timeline_svg(hostile.timeline)
    assert "<script" not in svg and "&lt;script" in svg
    assert "no events" in timeline_svg(fabula.model.Timeline())


def test_terminal_lines_list_jumps_and_flashbacks(dream_job):
    lines = [line.plain for line in _timeline_lines(dream_job)]
    assert lines[0].startswith("Timeline")
    assert any(line.strip().startswith("jump") and "year and a half later" in line for line in lines)
    assert any(line.strip().startswith("flashback") for line in lines)
    timeline = dream_job.timeline
    summary = f"{len(timeline.jumps)} time jumps forward, {len(timeline.flashbacks)} flashbacks; "
    assert lines[1].strip().startswith(summary) and "events told out of story order" in lines[1]


def test_terminal_counts_the_fewest_events_told_out_of_story_order():
    text = "Anna walked home. She made coffee. She had once lived in Rome. They had shared a flat. She drank it."
    analysis = fabula.analyze(text)
    moved = sum(e.story_time < analysis.timeline.events[0].story_time for e in analysis.timeline.events)
    line = [line.plain for line in _timeline_lines(analysis)][1]
    assert moved >= 1 and f"{moved} of {len(analysis.timeline.events)} events told out of story order" in line


# --------------------------------------------------------------------------- precision rules


def test_small_forward_moves_open_scenes_but_are_not_time_jumps():
    text = ("Tom found the purse in the road and took it to the mayor.\n\n"
            "That evening he told the story at the inn. Nobody believed him.\n\n"
            "The next day, about noon, a farmhand brought back the purse. Tom laughed.")
    timeline = fabula.analyze(text).timeline
    assert [span.text[:12] for span in timeline.jumps] == ["The next day"]
    assert any(scene.label.startswith("That evening") for scene in timeline.scenes)


def test_a_duration_inside_the_sentence_or_a_setting_is_no_jump():
    text = ("She walked out under the oaks with the child. It was an October afternoon; the sun was sinking. "
            "The noise lasted for several minutes, and then she sat down. "
            "About twenty minutes she waited by the gate.")
    jumps = [span.text for span in fabula.analyze(text).timeline.jumps]
    assert len(jumps) == 1 and jumps[0].startswith("About twenty minutes")


def test_clock_time_is_a_jump_only_when_the_narration_has_moved_on_to_it():
    base = "I laid the first tier of stone. "
    assert fabula.analyze(base + "It was about dusk when I met my friend.").timeline.jumps == []
    assert len(fabula.analyze(base + "It was now midnight, and my task was nearly done.").timeline.jumps) == 1


@pytest.mark.parametrize("later, jumps", [
    ("At noon the sheriff rode in.", True),  # dawn -> noon: four hours and more skipped
    ("It was just twelve o'clock when the sheriff rode in.", True),
    ("At dawn the sheriff rode in.", True),  # after dusk, earlier than the clock: the next morning
    ("That evening the sheriff rode in.", False),  # the same evening
    ("At a quarter to eight the sheriff rode in.", False),  # 19:45, not yet MIN_JUMP later
    ("At noon the sheriff had ridden out of town.", False),  # the past perfect looks back: not the next noon
    ("By midnight the sheriff had ridden in.", True),  # done by a later time
    ("That afternoon the sheriff rode in.", False),  # earlier on the day already told, not the next day's
])
def test_a_time_of_day_moves_the_story_on_from_the_last_one_the_narration_gave(later, jumps):
    text = f"At dusk we reached the inn. We ate bread and cheese by the fire. {later} He asked for a room."
    assert bool(fabula.analyze(text).timeline.jumps) is jumps, later


@pytest.mark.parametrize("later, jumps", [("At two o'clock", False), ("At four o'clock", True),
                                          ("At two in the morning", True)])
def test_a_clock_time_without_a_m_or_p_m_is_read_as_the_nearer_hour_ahead(later, jumps):
    text = f"At noon we reached the inn. We ate bread and cheese by the fire. {later} the sheriff rode in."
    assert bool(fabula.analyze(text).timeline.jumps) is jumps, later


@pytest.mark.parametrize("later, jumps", [("At eight o'clock", True),  # not an hour back: the evening's eight
                                          ("At ten o'clock", False), ("At eight in the morning", False)])
def test_a_clock_time_an_hour_behind_the_clock_is_read_in_the_other_half_of_the_day(later, jumps):
    text = f"At nine o'clock we reached the inn. We ate bread and cheese by the fire. {later} the sheriff rode in."
    assert bool(fabula.analyze(text).timeline.jumps) is jumps, later


@pytest.mark.parametrize("later", ["At twelve o'clock", "At half past twelve"])
def test_twelve_o_clock_read_on_from_a_late_hour_is_midnight(later):
    text = f"At eleven at night we reached the inn. We ate bread and cheese by the fire. {later} the sheriff rode in."
    assert fabula.analyze(text).timeline.jumps == [], later


@pytest.mark.parametrize("later, jumps", [
    ("The second and the third day passed, and still nobody came.", True),
    ("Our friendship lasted, in this manner, for several years.", True),
    ("He passed the third day in bed.", False),  # a day spent, not a day gone by
    ("The parade passed the house at noon.", False),
    ("A few seconds passed.", False),  # shorter than MIN_ELLIPSIS, as "a few seconds later" is
    ("The rain did not last for two days.", False),
    ("The bread would last for a week.", False),
    ("The bread lasts for a week.", False),  # a length stated in the present, not time gone by
    ("She waited for twenty minutes by the gate.", True),  # waiting: the time itself goes by
    ("He waited two hours and then walked home.", True),
    ("She waited for a moment.", False),  # shorter than MIN_ELLIPSIS
    ("Her sister stayed for three weeks.", True),  # staying on, as waiting, lets the time go by
    ("He remained in the village for two days.", True),
    ("She stayed for a moment.", False),
    ("She had waited for twenty minutes.", False),
    ("He waited an hour and then walked home.", True),  # "an hour" is a length as "two hours" is
    ("It had been three years now since the flood.", False),  # measured back from the story's now
    # a clause told ahead of the one the parser hangs it from is still the main line
    ("The drought lasted, in this way, for three years, during which the farmers—through the greed of the "
     "banks—had (I grieve to say it) suffered a great loss.", True),
    ("The drought lasted for three years, the farmers said.", True),
    ("The farmers said that the drought lasted for three years.", False),
    # the main clause goes on over a counted stretch of a month or more
    ("All went well with me for years.", True),
    ("She worked at the bakery for three months.", True),
    ("He had lived in the town for years.", False),  # a look back
    ("I did not see her for months.", False),
    ("We talked for hours.", False),  # shorter than a month
    ("She said that he worked at the bakery for years.", False),
    ("She signed a lease for two years.", False),  # a stretch the act is about
    ("She paid for a year of lessons.", False),
    ("She asked for a month off.", False),
    ("He was sentenced to prison for ten years.", False),
])
def test_the_main_line_lets_time_pass(later, jumps):
    text = f"We met at the mill and shook hands. {later} The rain kept falling."
    assert bool(fabula.analyze(text).timeline.jumps) is jumps, later


@pytest.mark.parametrize("middle, later, jumps", [
    ("For an hour we ate by the fire.", "At dawn", ["For an hour", "At dawn"]),  # the clock moved on an hour
    ("Twenty minutes later we ate by the fire.", "It was two o'clock when", ["Twenty minutes later", "It was"]),
    ("For an hour we ate by the fire.", "That evening", ["For an hour"]),  # still the same evening
    ("Three days later we ate by the fire.", "At dawn", ["Three days later"]),  # the hour is unknown again
])
def test_a_move_shorter_than_a_day_moves_the_story_clock_on(middle, later, jumps):
    text = f"At dusk we reached the inn. {middle} {later} the sheriff rode in."
    spans = fabula.analyze(text).timeline.jumps
    assert len(spans) == len(jumps) and all(span.text.startswith(jump) for span, jump in zip(spans, jumps))


def test_a_past_perfect_look_back_leaves_the_story_clock_as_it_was():
    text = ("Anna walked to the station. At noon she reached the city. Early that morning, she had argued with her "
            "brother. She had wept at the door. At one o'clock she ate lunch in a cafe.")
    timeline = fabula.analyze(text).timeline
    assert timeline.jumps == [] and len(timeline.flashbacks) == 1


def test_a_time_of_day_before_any_other_only_sets_the_clock():
    text = "We reached the inn and ate by the fire. At noon the sheriff rode in. He asked for a room."
    assert fabula.analyze(text).timeline.jumps == []


def test_a_stretch_of_past_perfect_sentences_is_a_flashback_whatever_their_subjects():
    text = ("The village lay under the snow. It had been a hard winter. The snow had buried the roads, and the "
            "river had frozen from bank to bank. The mill wheel had stopped in December. A cart came up the hill.")
    assert [span.text[:25] for span in fabula.analyze(text).timeline.flashbacks] == ["It had been a hard winter"]


@pytest.mark.parametrize(("text", "flashback"), [
    # "before <clause>" looks back only to an event told earlier: by a shared noun, or the same act of the same subject
    ("The hall was dark. He waited for two hours before she came. Then they left together.", None),
    ("In May he left the town. The summer passed slowly. He met her a week before he left.",
     "He met her a week before he left."),
])
def test_a_time_before_a_clause_looks_back_only_to_an_event_told_earlier(text, flashback):
    assert [span.text for span in fabula.analyze(text).timeline.flashbacks] == ([flashback] if flashback else [])


@pytest.mark.parametrize(("passage", "flashbacks", "jumps"), [
    ("Three years of silence and unanswered letters.", 1, 0),  # a verbless stretch sums up the time gone by
    ("Then came three years of silence and unanswered letters.", 0, 0),
    ("For three years she wrote letters.", 0, 1),  # told forward
    # a stretch measured since an earlier event tells that event from the story's now
    ("Three years since the night the flood took the mill and the miller stood on the bridge.", 1, 0),
    ("Six months since the accident.", 1, 0),
    ("She said it was three years since the flood.", 0, 0),  # not opening the sentence
    ("Three years since the flood, she opened the letter.", 0, 1),  # the stretch dates the main clause
])
def test_a_verbless_stretch_of_something_sums_up_the_past(passage, flashbacks, jumps):
    timeline = timeline_around(passage)
    assert (len(timeline.flashbacks), len(timeline.jumps)) == (flashbacks, jumps)


@pytest.mark.parametrize(("passage", "is_flashback"), [
    # a past-perfect "when" clause dating another past perfect: an earlier episode with its own time
    ("On the shelf lay the knife that had been taken from her uncle when the soldiers had searched the mill.", True),
    ("When she had swept the floor, she lit the stove.", False),  # the main line's next step
    ("She had scarcely sat down when the bell rang.", False),
])
def test_a_past_perfect_dated_by_a_past_perfect_when_is_a_flashback(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


def test_a_scene_found_in_agentless_passives_is_no_flashback():
    text = ("She opened the door of the little room. The floor had been swept. The bed had been made. The curtains "
            "had been drawn across the window. She set down her bag.")
    assert fabula.analyze(text).timeline.flashbacks == []


def test_a_past_perfect_relative_clause_is_no_flashback():
    text = ("He packed his bags. When he kissed me goodbye, it felt like a farewell to a life we had once "
            "planned together. The taxi drove off.")
    assert fabula.analyze(text).timeline.flashbacks == []
    text = "He packed his bags. He had once planned a life with me. The taxi drove off."
    assert len(fabula.analyze(text).timeline.flashbacks) == 1


def test_a_speakers_tale_is_not_the_frames_flashback():
    tale = ('The children sat in the carriage. “Once upon a time,” began the bachelor, “there was a girl '
            'who was good.” “It is an appointment made twenty years ago,” he said.')
    assert fabula.analyze(tale).timeline.flashbacks == []
    memory = 'The man lit his cigar. “Twenty years ago to-night,” said the man, “I dined here with Jimmy.”'
    assert len(fabula.analyze(memory).timeline.flashbacks) == 1


def test_pluperfects_of_completion_and_result_are_no_flashback():
    text = ("The tree fell on them. In an instant it had pinned him to the ground, and he had dropped his gun. "
            "His boots had saved his feet. The twig had slashed his face. He lay still.")
    assert fabula.analyze(text).timeline.flashbacks == []
    text = ("Anna walked into the kitchen. She had lived in Rome with her sister. "
            "They had shared a tiny flat. She drank the coffee slowly.")
    assert len(fabula.analyze(text).timeline.flashbacks) == 1


@pytest.mark.parametrize(("passage", "is_jump"), [
    ("The sun woke her next morning, and she dressed slowly.", True),  # the main line moves on a day
    ("She went back to the mill the following week.", True),
    ("She promised to come back the next day.", False),   # a plan, not the main line
    ("She had seen him the next day.", False),            # the past perfect looks back
    ("She left for the city on the next day.", True),
    ("She thought about the next day.", False),           # what she thought of, not when
    ("She prepared for the next day.", False),
    ("She read the next morning's paper.", False),        # a possessor, not a dating
    ("On the Monday night after she wrote the letter, her brother came home.", True),  # a weekday names the day
    ("She promised to come on the Monday after the fair.", False),
])
def test_a_next_day_dating_the_main_line_is_a_jump_wherever_it_stands(passage, is_jump):
    assert bool(timeline_around(passage).jumps) == is_jump


@pytest.mark.parametrize(("passage", "jumps"), [
    ("All that day she rode, keeping the river on her left.", 1),  # a whole day of a journey goes by
    ("All that day she rode, keeping the river on her left. By nightfall she was tired and hungry.", 2),
    ("Her brother waited all day at the gate.", 1),
    ("She must have walked the entire night.", 1),  # inferred: the night has gone by
    ("All day it rained on the roofs.", 0),  # a whole day that only sets the scene
    ("All day she talked of the fair.", 0),
    ("She did not wait all day.", 0),
    ("She rode all morning along the river.", 0),  # a part of the day
    ("Her brother waited all day at the gate every Sunday.", 0),  # a habit: no day goes by once
    ("Every summer she rode all day along the river.", 0),
])
def test_a_whole_day_of_journeying_or_waiting_is_a_jump(passage, jumps):
    assert len(timeline_around(passage).jumps) == jumps


@pytest.mark.parametrize(("passage", "is_jump"), [
    ("She did this for seven long nights, every night at twelve, and nobody saw her.", True),  # an iterative summary
    ("For the sake of her father she did this every night.", False),  # no stretch told in one go
    ("She had done this for seven nights, every night at twelve.", False),  # the past perfect looks back
    ("She sat with him for two hours every night.", False),  # shorter than a day
    ("She sang in the village for seven nights.", False),  # nothing said to be repeated
])
def test_a_repeated_act_framed_by_days_is_a_jump(passage, is_jump):
    assert bool(timeline_around(passage).jumps) == is_jump


@pytest.mark.parametrize(("passage", "is_jump"), [
    ("He often stayed at the office after hours.", False),  # outside working hours, not hours gone by
    ("After hours of searching, they found the dog in a ditch.", True),
    ("After a long day at the office, she came home.", False),  # the day just told ends, nothing is skipped
    ("After a long week at sea, she came home.", True),
    ("After three days she came home.", True),
])
def test_after_a_time_is_a_jump_only_when_time_goes_by(passage, is_jump):
    assert bool(timeline_around(passage).jumps) == is_jump


@pytest.mark.parametrize(("passage", "jumps"), [
    ("In the second year of the war, her brother joined the army.", 0),  # a dating, not a step
    ("In the second year of the war, her brother joined the army. In the third year of the war, he came home.", 1),
    ("In the second year of the war, her brother joined the army. Later in the second year of the war, "
     "he wrote to her.", 0),
    ("On the third day of the fair, she sold the cow.", 1),  # days counted one by one are steps
    ("In the second week of his training, her brother broke his arm.", 1),  # and so are weeks
])
def test_an_ordinal_period_of_a_span_is_a_jump_only_when_it_changes(passage, jumps):
    assert len(timeline_around(passage).jumps) == jumps


TELLING = ("Lynn moved her mother to Phoenix in March. The apartment was small. Her mother walked every day and "
           "counted her steps. Lynn checked the app each night.\n\nThen the numbers stopped making sense. Lynn drove "
           "over and found the truth.\n\n{coda}")


@pytest.mark.parametrize(("coda", "jumps", "flashbacks"), [
    ("It is October now. Lynn still checks the app.", ["It is October now."], []),
    ("That was seven months ago. Last month, the app showed a new record.",
     ["That was seven months ago.", "Last month, the app showed a new record."], []),
    # a past named from now that lies further back than the told events is still a look back
    ("That was seven months ago. Ten years ago, her mother had run a marathon.",
     ["That was seven months ago."], ["Ten years ago, her mother had run a marathon."]),
    ("Lynn still checks the app.", [], []),  # the present with no date of the telling moves nothing
])
def test_a_turn_to_the_present_of_telling_is_a_step_forward_not_a_look_back(coda, jumps, flashbacks):
    timeline = fabula.analyze(TELLING.format(coda=coda)).timeline
    assert [j.text for j in timeline.jumps] == jumps
    assert [f.text for f in timeline.flashbacks] == flashbacks


@pytest.mark.parametrize(("text", "flashback"), [
    # a story told in the present has no turn to it: its "now" is its time all along
    ("I sit in the plastic chair by the window. The machines beep. My mother's hand is cold in mine.\n\nThe nurse "
     "comes in and checks the bags. She does not look at me.\n\nThe coffee in the hallway is terrible.\n\nIt is "
     "Tuesday now. The doctor wants to talk.\n\nTwo weeks ago, my mother called me and I let it go to voicemail.",
     "Two weeks ago, my mother called me and I let it go to voicemail."),
    # "It was twenty years ago that ..." opens a flashback, not a turn to the telling
    ("We buried my father on a Friday. Afterwards I drove to the lake house alone. The dock was still there. I sat on "
     "the dock until it got dark.\n\nIt was twenty years ago that my brother and I found the boat in the reeds. We "
     "were ten and twelve.\n\nI walked back up to the house in the dark.",
     "It was twenty years ago that my brother and I found the boat in the reeds."),
])
def test_a_present_tense_story_or_a_cleft_on_ago_turns_to_no_telling(text, flashback):
    timeline = fabula.analyze(text).timeline
    assert any(f.text.startswith(flashback) for f in timeline.flashbacks)
    assert not any(j.text.startswith(flashback) for j in timeline.jumps)


# --------------------------------------------------------------------------- the helpers that keep it fast

def _odd_case(text: str) -> list[str]:
    """The text in upper case, with white space runs, and with the letters a case-insensitive regex
    folds to ASCII (long s, dotless i, dotted capital I, Kelvin sign)."""
    return [text.upper(), text.replace(" ", " \n\t "),
            text.replace("s", "\u017f").replace("i", "\u0131").replace("I", "\u0130").replace("k", "\u212a")]


def test_every_pattern_match_holds_one_of_its_gate_words():
    from fabula.analyzers.timex import _gate_words_in, _gated_patterns

    texts = [f[0] for f in FORMS] + [path.read_text("utf-8") for path in STORY_PATHS]
    texts += [odd for f in FORMS for odd in _odd_case(f[0])]
    for pattern, _, gate in _gated_patterns():
        matches = [m.group(0) for text in texts for m in pattern.finditer(text)]
        assert matches, pattern.pattern[:40]
        for match in matches:
            assert not gate.isdisjoint(_gate_words_in(match)), (pattern.pattern[:40], match)


def test_token_columns_read_the_doc_as_its_tokens_do():
    from fabula import ingest, nlp
    from fabula.analyzers.timex import TokenColumns

    story = ingest.read_text(STORY_PATHS[1].read_text("utf-8"), source="dev", fmt="text")
    doc = nlp.parse(story)
    columns = TokenColumns.of(doc)
    assert columns.sentences() == [(s.start, s.end) for s in doc.sents]
    assert columns.start == [t.idx for t in doc] and columns.end == [t.idx + len(t) for t in doc]
    assert columns.head == [t.head.i for t in doc] and columns.dep == [t.dep for t in doc]
    assert columns.lower == [t.lower for t in doc] and columns.lemma == [t.lemma for t in doc]
    assert columns.phrase(story.text, 2, 4) == doc[2:5].text
    assert TokenColumns.of(nlp.load_pipeline()("")).sentences() == []


# --------------------------------------------------------------------------- flashbacks on unseen stories:
# life periods, section analepses, dated tales in dialogue

@pytest.mark.parametrize(("passage", "is_flashback"), [
    # a fronted period of someone's life dates a past perfect back
    ("In her girlhood she had sung in the church choir.", True),
    ("As a girl, she had sung in the church choir.", True),
    ("To the end of his life her father had kept bees.", True),
    ("She had sung in the church choir.", False),
    ("She had sung in the church choir all her life.", False),   # not fronted: continues up to now
    ("Never in her life had she sung so badly.", False),         # negated: compares across a life
    # an age in a "when" clause dates it as a period of life does
    ("When she was nine, she had sung in the church choir.", True),
    ("When she was twelve years old, she had sung in the church choir.", True),
    ("As a kid, she had sung in the church choir.", True),
    ("When she was tired, she had sung in the church choir.", False),
    ("When it was ten, the guests had gone home.", False),  # the clock, not an age
    ("When the score was 3, the crowd had gone quiet.", False),
])
def test_a_period_of_life_dates_a_past_perfect_back(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


@pytest.mark.parametrize(("passage", "is_flashback"), [
    ("In 1961, her aunt and the baker had shared a flat by the river.", True),
    ("She had sold the van in March, along with the tools.", True),
    ("On Friday he had reached the coast.", False),  # a weekday may be the last step of the week told
    ("In the summer of 1961 her aunt and the baker had shared a flat.", True),
    ("On August 15, 1961 her aunt and the baker had shared a flat.", True),
    ("One evening in winter her aunt had been to the opera.", False),  # a season alone: maybe the next step
])
def test_a_past_perfect_dated_by_a_year_or_month_reaches_back(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


@pytest.mark.parametrize(("passage", "is_flashback"), [
    ("He had been drinking that night, after his wife left him.", True),
    ("Her aunt had sold the van that summer.", True),
    ("Never before that night had her aunt felt so alone.", False),  # measured against it: maybe the now
    ("By that evening her aunt had gone home.", False),
    ("That night the rain had finally stopped.", False),            # fronted: the next step, done by then
    ("Her aunt had sold the van this morning.", False),              # today, not a time told before
])
def test_a_past_perfect_dated_by_a_time_told_before_reaches_back(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


def test_a_period_of_life_told_from_a_present_frame_reaches_back():
    frame = ("I write this in my cell, and to-morrow they will hang me. From my boyhood I was known for "
             "my gentle temper. I loved animals.")
    assert [span.text for span in fabula.analyze(frame).timeline.flashbacks] == [
        "From my boyhood I was known for my gentle temper."]
    frame = "Tom lives in Ohio now. When he was twelve years old, his father left for good. He misses him."
    assert [span.text for span in fabula.analyze(frame).timeline.flashbacks] == [
        "When he was twelve years old, his father left for good."]
    chronicle = ("Tom was born in a small village. From his boyhood he was known for his gentle temper. "
                 "He loved animals.")
    assert fabula.analyze(chronicle).timeline.flashbacks == []


def sections(*bodies: str) -> str:
    """A story of sections under the headings I, II, III, ..."""
    numerals = ["I", "II", "III", "IV"]
    return "\n\n".join(f"{numerals[k]}\n\n{body}" for k, body in enumerate(bodies))


HANGING = "The rope tightened around the clerk's neck. The soldiers raised their rifles."
BACKSTORY = "Martin Hale was a clerk in a small bank in Denver. One spring he stole the payroll and fled to the hills."
ENDING = "The rifles cracked, and the clerk fell."


@pytest.mark.parametrize(("middle", "is_flashback"), [
    (BACKSTORY, True),
    ("He used to walk to the bank every morning. One spring he stole the payroll and fled.", True),
    ("The sergeant stepped back. The drums rolled across the yard.", False),  # the action goes on
    ("The bank was a small building in Denver. It stood on the main street.", False),  # a place, not a person
])
def test_a_section_opening_with_a_persons_background_goes_back(middle, is_flashback):
    timeline = fabula.analyze(sections(HANGING, middle, ENDING)).timeline
    assert [span.text for span in timeline.flashbacks] == ([middle] if is_flashback else [])


def test_a_section_analepsis_is_placed_before_the_section_told_before_it():
    timeline = fabula.analyze(sections(HANGING, BACKSTORY, ENDING)).timeline
    verbs = [next(e.verb for e in timeline.events if e.id == event_id) for event_id in timeline.story_order]
    assert verbs.index("steal") < verbs.index("tighten") < verbs.index("crack")


def test_the_last_section_is_where_the_story_has_got_to_not_a_flashback():
    assert fabula.analyze(sections(HANGING, BACKSTORY)).timeline.flashbacks == []


@pytest.mark.parametrize(("said", "is_flashback"), [
    ("“The ring was sold to your wife on March 4, 1881,” he said.", True),
    ("“I will sell the ring to your wife on March 4, 1881,” he said.", False),   # a future, not a told past
    ("“The ring was sold to your wife on March 4,” he said.", False),           # no year: maybe today
    ("“The ring was sold to your wife in March,” he said.", True),              # a month told back
    ("“The ring was sold to your wife at Easter,” he said.", False),            # a feast, not a month
    ("“I will sell the ring to your wife in March,” he said.", False),
    ("“This is the ring that was sold on March 4, 1881,” he said.", False),     # dates the ring, not the tale
])
def test_a_speakers_past_dated_with_its_year_or_by_a_month_is_a_flashback(said, is_flashback):
    text = f"The clerk opened the ledger. {said} She looked at the ring."
    assert bool(fabula.analyze(text).timeline.flashbacks) == is_flashback


@pytest.mark.parametrize(("said", "is_flashback"), [
    ("“We signed the lease last evening at the bank,” she said.", True),
    ("“I sent the letter yesterday afternoon,” he said.", True),
    ("“I saw him the other day at the market,” she said.", True),
    ("“When my uncle died last springtime, we sold the farm,” she said.", True),
    ("“I bought her last March off a young man,” she said.", True),
    ("“We sold the farm last Tuesday,” she said.", True),
    ("“We sell the farm next March,” she said.", False),
    ("“I will send the letter yesterday,” he said.", False),          # no past tense: nothing told
    ("“Read yesterday's paper,” he said.", False),                    # a thing of the past, no event in it
    ("“The man who came last evening is a doctor,” she said.", False),  # dates a relative clause
])
def test_a_speakers_past_named_back_from_their_now_is_a_flashback(said, is_flashback):
    text = f"The clerk opened the ledger. {said} She looked at the ring."
    assert bool(fabula.analyze(text).timeline.flashbacks) == is_flashback


@pytest.mark.parametrize(("said", "is_flashback"), [
    ("“When I was a boy,” said the old man, “I saw a bear in these woods.”", True),
    ("“When I was a girl, we lived by the sea,” she said.", True),
    ("“In my youth I sailed to China,” he said.", True),
    ("“When I was a boy, I never saw a bear,” he said.", False),   # negated: nothing told
    ("“When I am a man, I will sail to China,” the boy said.", False),
    ("“It was the best day in my life,” he said.", False),        # a life compared across, not a period of it
])
def test_a_speakers_past_dated_by_a_period_of_their_life_is_a_flashback(said, is_flashback):
    assert bool(timeline_around(said).flashbacks) == is_flashback


@pytest.mark.parametrize(("passage", "is_flashback"), [
    # a past perfect framed by a stretch of the subject's own time reaches back
    ("She had learned the songs while working at the inn.", True),
    ("She had met the miller when she was a servant in his house.", True),
    ("She had scarcely sat down when the bell rang.", False),    # the when clause is the next step
    ("She had opened the window when the bell rang.", False),
    ("She had just finished the letter while waiting for the coach.", False),  # "just": finished as it came
    ("She had fallen asleep while reading the letter.", False),  # the state it ended in holds now
    ("She had grown quiet while waiting for the coach.", False),
])
def test_a_past_perfect_framed_by_a_period_of_its_own_reaches_back(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


PRESENT_FRAME = "I keep a drawing taped inside my kitchen cabinet. I look at it every morning.\n\n"
SUMMED_UP_FRAME = "For six years, I didn't say her name out loud. I changed the subject at parties.\n\n"
TOLD_ON = " He was kind and tired. We married a year later. Lucy drew every day. She gave me a horse.\n\nThen it changed."


@pytest.mark.parametrize(("story", "step_back"), [
    (PRESENT_FRAME + "I met Dan Hurst when his daughter Lucy was four." + TOLD_ON,
     "I met Dan Hurst when his daughter Lucy was four."),
    (SUMMED_UP_FRAME + "In 2015, we bought the house on Elm Street." + TOLD_ON,
     "In 2015, we bought the house on Elm Street."),
    (PRESENT_FRAME + "I met Dan Hurst at the pool." + TOLD_ON, None),                  # not dated
    ("Tom walked to the mill every morning. He was quiet.\n\nIn 2015, he bought the house on Elm Street." + TOLD_ON,
     None),                                                                               # no frame
    (SUMMED_UP_FRAME + "That was the whole story, for six years." + TOLD_ON, None),       # the frame goes on
    (SUMMED_UP_FRAME + "She missed the one day I needed her." + TOLD_ON, None),           # a day missed, no date
    (PRESENT_FRAME + "I met Dan Hurst when his brother was drunk." + TOLD_ON, None),     # a state, not an age
    (PRESENT_FRAME + "I met Dan Hurst when Lucy Hurst was four." + TOLD_ON, "I met Dan Hurst when Lucy Hurst was four."),
    ("Tom was twelve years old and lived above the bakery. He had no shoes.\n\nOn Monday he went to school."
     + TOLD_ON, None),                                                                    # an age is no frame
    ("For two years the village waited for rain. The wells went dry.\n\nOn a Monday in March, the clouds came."
     + TOLD_ON, None),                                                                    # a move forward from it
])
def test_a_story_told_from_a_frame_steps_back_to_where_it_began(story, step_back):
    flashbacks = [span.text for span in fabula.analyze(story).timeline.flashbacks]
    assert (step_back in flashbacks) if step_back else not flashbacks


@pytest.mark.parametrize(("story", "step_back"), [
    ("The dog sleeps by my door now.\n\nLet me back up.\n\nI met Tom at the garage where he worked." + TOLD_ON,
     "I met Tom at the garage where he worked."),
    ("Mara took the job in the end. Some background. Her father sold shoes in Leeds. He was kind." + TOLD_ON,
     "Her father sold shoes in Leeds."),
    ("The dog sleeps by my door now.\n\nI met Tom at the garage where he worked." + TOLD_ON, None),  # no word of it
    ("“Let me back up,” Tom said. “I met her at the garage.” He sat down." + TOLD_ON, None),  # a speaker's, not told
    ("The dog sleeps by my door now.\n\nLet me back up.\n\nI think about that day a lot.", None),  # not the past
    ("The dog sleeps by my door now.\n\nOkay, let me back up.\n\nI met Tom at the garage where he worked."
     + TOLD_ON, "I met Tom at the garage where he worked."),
    ("The dog sleeps by my door now. But I'm getting ahead of myself. I met Tom at the garage where he worked."
     + TOLD_ON, "I met Tom at the garage where he worked."),
    ("The dog sleeps by my door now.\n\nA bit of background: I met Tom when he fixed my car." + TOLD_ON,
     "A bit of background: I met Tom when he fixed my car."),
    ("We sat in the kitchen. Some background music played from the radio. Tom laughed at my joke." + TOLD_ON, None),
    ("We sat in the truck. Let me back up the truck, Tom said to himself. Tom laughed at the joke." + TOLD_ON, None),
    ("Tom sat down across from me. “It's complicated. Some background. I grew up poor,” Tom said. He laughed."
     + TOLD_ON, None),                                                        # a speaker's announcement
])
def test_a_step_back_the_narrator_announces_starts_a_flashback(story, step_back):
    flashbacks = [span.text for span in fabula.analyze(story).timeline.flashbacks]
    assert (step_back in flashbacks) if step_back else not flashbacks


@pytest.mark.parametrize("passage", [
    "By June she had paid off the loan.",
    "By Thanksgiving, the family had taken sides, and the side was not hers.",
])
def test_a_past_perfect_done_by_a_later_date_is_a_jump_not_a_flashback(passage):
    timeline = timeline_around(passage)
    assert not timeline.flashbacks
    assert [j.text for j in timeline.jumps] == [passage]


def test_back_then_before_a_date_from_now_still_looks_back():
    story = "I sit at home now and think about Tom. Back then, two years ago, I was happy with him. Now I am not."
    assert [f.text for f in fabula.analyze(story).timeline.flashbacks] == [
        "Back then, two years ago, I was happy with him."]


def test_a_year_dating_a_past_perfect_progressive_looks_back_and_moves_nothing_on():
    timeline = timeline_around("In the spring of 2005 Amber had been going to Fresno State.")
    assert not timeline.jumps and timeline.flashbacks


def test_then_before_a_date_from_now_moves_the_story_on():
    story = ("My husband owns a bowling ball.\n\nI met Tom when I was twenty-three. He fixed my car. We married a "
             "year later.\n\nThen, last September, Tom joined a bowling league. He bowled every Thursday.")
    timeline = fabula.analyze(story).timeline
    assert "Then, last September, Tom joined a bowling league." in [j.text for j in timeline.jumps]
    assert not any("last September" in f.text for f in timeline.flashbacks)


@pytest.mark.parametrize(("passage", "is_flashback"), [
    ("Nell and her cousin had written to each other every week for twelve years.", True),
    ("Every morning for six months, her aunt had walked the dog along the canal.", True),
    ("She had paid the rent for two years and had nothing to show for it.", True),
    ("Her aunt had walked the dog along the canal for an hour.", False),   # a short stretch: the next step
    ("Nell and her cousin had been friends for twelve years.", False),     # a state that holds up to now
    ("Her aunt had not seen the canal for two years.", False),
    ("After two years in the city, her aunt had walked the dog along the canal.", False),  # dates no act of hers
    ("The shop had been closed for a year.", False),                       # a passive: the state it was left in
    ("She had been waiting for three months.", False),                     # a progressive up to now
    ("They had known each other for years.", False),                       # a verb of a state
    ("No one had touched the piano for twenty years.", False),             # a negation in the subject
])
def test_a_past_perfect_act_done_over_a_long_stretch_sums_up_the_past(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


@pytest.mark.parametrize(("passage", "is_flashback"), [
    # two past-perfect sentences, one with a past-perfect coordinate: three steps told back
    ("With her savings she had gone to the city. The fever had cut short her stay, but it had left her a few "
     "coins.", True),
    ("With her savings she had gone to the city. The fever had cut short her stay.", False),  # one about a person
])
def test_a_past_perfect_coordinate_counts_in_a_run(passage, is_flashback):
    assert bool(timeline_around(passage).flashbacks) == is_flashback


# --------------------------------------------------------------------------- not flashbacks (from a review)


@pytest.mark.parametrize("text", [
    # a section that opens with a state, but in the story's own time
    "Chapter 1\n\nTom left home at dawn. He walked to the city.\n\nChapter 2\n\nTom was a happy man that evening. "
    "He danced all night.\n\nChapter 3\n\nHe slept till noon.",
    # a past modal is no present frame; "for the first time in his life" compares across a life
    "Tom stood at the edge of the cliff. He could not move. For the first time in his life he was afraid.",
    # a bare year in dialogue is no dated past of the frame
    "The class sat still. “The war ended in 1865,” said the teacher. Nobody answered.",
    # a life that is a circumstance, not a period gone by
    "The storm broke. With his life in danger, he had fled the city. The roads were empty.",
    "The ship sank. For the rest of his life he had dreaded the sea. He never sailed again.",
])
def test_forms_that_look_like_a_flashback_rule_but_are_not(text):
    assert fabula.analyze(text).timeline.flashbacks == []


@pytest.mark.parametrize("text, heading", [
    ("III", True), ("XIV", True), ("12", True), ("2.", True), ("Chapter 3", True), ("CHAPTER IV", True),
    ("Part One", True), ("CIVIL", False), ("MIX", False), ("C.", False), ("Book it.", False), ("Hello", False),
])
def test_section_headings(text, heading):
    assert is_heading(text) is heading


@pytest.mark.parametrize("passage", [
    "In her youth she had grown rich in the colonies.",          # a period of her life dates the change
    "She remembered that she had fallen ill that winter.",       # a remembered change
    "Ten years before, her brother had fallen ill.",             # a time expression reaching back
])
def test_a_result_that_a_cue_dates_back_is_a_flashback(passage):
    assert timeline_around(passage).flashbacks


@pytest.mark.parametrize(("passage", "is_jump"), [
    ("Three days pass.", True),                  # a story told in the present lets time pass all the same
    ("Ten years pass, and the mill falls silent.", True),
    ("The bread lasts for a week.", False),      # a length stated
])
def test_time_let_pass_in_a_present_tense_story(passage, is_jump):
    text = f"Anna walks to the mill and grinds the corn. {passage} She walks to the mill again."
    assert bool(fabula.analyze(text).timeline.jumps) is is_jump, passage


def test_a_length_of_time_talked_about_is_no_jump():
    text = ("Ansel sat on the bench by the harbour. He watched the boats. Two years in the city was all he wanted. "
            "Ten years is a long time, he thought.\n\nThree weeks passed. He found work on a barge.")
    jumps = [j.text for j in fabula.analyze(text).timeline.jumps]
    assert jumps == ["Three weeks passed."]
    craved = fabula.analyze("Ansel sat on the bench by the harbour. He watched the boats. Three months on the island "
                            "was what he craved.\n\nThree months on, he came back to the harbour.")
    assert [j.text for j in craved.timeline.jumps] == ["Three months on, he came back to the harbour."]


@pytest.mark.parametrize("sentence, expected", [
    ("She sat by the summer house.", []),  # a kind of house
    ("She painted Easter eggs for the children.", []),
    ("Her cousin Christmas Jones came to stay.", []),  # a name
    ("I told Ben that May was ill.", []),  # a name after "that"
    ("It was an October afternoon.", ["October"]),  # a time of a kind is still a time
    ("In the summer holidays she swam in the lake.", ["In the summer"]),
])
def test_a_date_word_that_names_a_thing_or_a_person_is_no_time_expression(sentence, expected):
    assert [e.text for e in fabula.analyze(sentence).timeline.expressions] == expected


def flashbacks_after_an_opening(passage: str) -> list[str]:
    """The flashback spans of a passage told in the second paragraph, after an opening in the story's present."""
    text = f"Anna sold the mill last spring and moved to the city.\n\n{passage} She walked to the station again."
    return [span.text for span in fabula.analyze(text).timeline.flashbacks]


@pytest.mark.parametrize(("passage", "is_flashback"), [
    ("The summer she was nine, her father taught her to fish.", True),
    ("The year she turned sixteen, her father sold the boat.", True),
    ("She was nine the winter her father left.", True),          # the age first, then the time it dates
    ("She was nine the day she left, she told him.", True),
    ("She was ninety the year she finally sold the boat.", False),  # no young age
    ("When she was seven, her aunt let her bake the bread.", True),
    ("Growing up, she used to hide in the barn.", True),
    ("She met Tom freshman year.", True),
    ("She had dated Tom in college.", True),
    ("The year she was promoted, she bought a car.", False),  # no young age
    ("She was in college then.", False),                       # a state, maybe the story's now
    ("On her last night in the city, she danced.", False),      # the final night, not the night before
    ("She did not meet Tom in college.", False),
    ("“We met in college,” she told Tom.", False),             # told in dialogue, not narration
    ("Her father died when she was sixteen.", True),            # a young age dating the main clause
    ("She had wanted a dog since she was nine.", True),
    ("She lay under the ceiling she had stared at when she was twelve.", False),  # it dates the staring
    ("Since she was nine, she had wanted a horse.", True),
    ("The alarm went off when she was ten minutes from the gate.", False),  # no age
    ("The captain trusted her when she was one of the guards.", False),
    ("Her father died when she was 45.", False),  # no young age
])
def test_young_years_in_the_narration_are_a_flashback(passage, is_flashback):
    assert any(passage[:15] in span for span in flashbacks_after_an_opening(passage)) == is_flashback


def test_a_story_that_opens_with_young_years_is_a_chronicle():
    text = "When she was seven, her aunt let her bake the bread. She sold it at the gate. The town loved it."
    assert fabula.analyze(text).timeline.flashbacks == []


def test_a_verb_spelled_alike_in_the_past_is_no_present_of_telling():
    text = ("I drove her to the clinic every week. I waited in the car. I read novels. I cried a little. "
            "She always came back smiling. I never asked why. I still remember her smile.")
    assert fabula.analyze(text).timeline.narrating_present.text == "I still remember her smile."


def test_the_opening_sentence_sets_the_story_s_time_and_looks_back_from_nothing():
    opening = "Two years ago, I had everything I wanted. Then my sister called. I drove to her house."
    assert fabula.analyze(opening).timeline.flashbacks == []
    later = "I live in Ohio now. Two years ago, I had everything I wanted. Then my sister called."
    assert [span.text for span in fabula.analyze(later).timeline.flashbacks] == [
        "Two years ago, I had everything I wanted."]


def test_an_i_in_a_story_told_in_the_third_person_is_no_present_of_telling():
    text = ("Maria found the letter on the mat. She opened it at the kitchen table. It was short. I am going to the "
            "police in the morning. She read it twice. Then she called her brother. He came at once.")
    assert fabula.analyze(text).timeline.narrating_present is None


def test_a_tale_told_over_several_paragraphs_has_its_own_time_jumps():
    tale = ("The old captain lit his pipe by the fire and looked at the boy.\n\n"
            "“One winter,” he said, “we sailed north from the harbour with a cargo of salt and a crew of nine.\n\n"
            "“Three weeks later we reached the ice, and the mate said we should turn back.\n\n"
            "“We did not turn back, and that was the end of the ship.”\n\n"
            "The boy said nothing. The fire burned low.")
    assert [j.text.split(",")[0] for j in fabula.analyze(tale).timeline.jumps] == ["“Three weeks later we reached the ice"]


def test_a_time_in_a_speech_of_one_paragraph_moves_nothing():
    talk = ("The old captain lit his pipe by the fire and looked at the boy.\n\n"
            "“Three weeks later we reached the ice, and the mate said we should turn back,” he said.\n\n"
            "The boy said nothing. The fire burned low.")
    assert fabula.analyze(talk).timeline.jumps == []


def test_a_long_speech_of_one_paragraph_is_a_tale_with_its_own_time_jumps():
    voyage = ("we sailed north from the harbour with a cargo of salt and a crew of nine, and the wind was fair and "
              "the sea was calm, and the mate sang every night while the cook burned the beans. ") * 5
    tale = ("The old captain lit his pipe by the fire and looked at the boy.\n\n"
            f"“One winter {voyage}After a month we reached the ice, and the mate said we should turn back.”\n\n"
            "The boy said nothing. The fire burned low.")
    assert [j.text.split(",")[0] for j in fabula.analyze(tale).timeline.jumps] == ["After a month we reached the ice"]


def test_a_plan_told_over_several_paragraphs_moves_no_time():
    plan = ("The general looked at the map.\n\n“Here is the plan,” he said. “Tomorrow we march to the river.\n\n"
            "“Two days later we will reach the fort, and then we rest.”\n\nNobody spoke.")
    assert fabula.analyze(plan).timeline.jumps == []


def test_a_quote_that_does_not_open_its_paragraph_resumes_no_tale():
    text = ("The old man sat by the fire.\n\n“It was a long winter,” he said. “We had no wood\n\nNobody spoke after "
            "that. He closed his eyes. “Three weeks later we went back to the farm,” he said at last.\n\nThe boy slept.")
    assert fabula.analyze(text).timeline.jumps == []
