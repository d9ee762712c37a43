"""fabula's own error for input it cannot read; everything else is an internal error."""


class InputError(Exception):
    """The input cannot be analysed (empty, binary, too big, unreadable).

    Its message is one line meant for the user, e.g. ``no story text found in story.txt``.
    """
