"""A hostile story: markup and template syntax in the narrative, in a quote and in an image caption."""

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}")

STORY = (
    "Mallory wrote <script>alert(1)</script> on the wall of the house, and nobody saw her do it.\n\n"
    "“\"><img src=x onerror=alert(1)> is what I meant,” Mallory said to Trent. Trent did not believe her.\n\n"
    "<script>alert(1)</script> \"><img src=x onerror=alert(1)> {{7*7}} | Source: Midjourney\n"
    "Later Trent found the note {{7*7}} under the door. Mallory had never left the house at all.\n\n"
    "Mallory was not the one who wrote it, and Trent knew the truth about the wall of the house."
)
