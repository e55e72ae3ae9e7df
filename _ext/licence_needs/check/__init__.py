"""The ``make check`` front end: the gate without Sphinx (:mod:`.cli`)."""
