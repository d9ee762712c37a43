"""Small closed-class cue lists, each file noting its source."""
