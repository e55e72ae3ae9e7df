"""The ``make audit-pack`` front end: the built handbook frozen into one
verifiable zip (:mod:`.cli`).  Nothing here imports Sphinx."""
