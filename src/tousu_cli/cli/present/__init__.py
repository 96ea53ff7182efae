"""One presenter per kind of result: the terminal's table, a script's JSON or CSV."""
