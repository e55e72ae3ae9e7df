"""Chinese search that works in the browser and understands Chinese queries.

Two problems of Sphinx 9.0's Chinese search, fixed here:

- its page throws ``ChineseStemmer is not defined`` (sphinx-doc/sphinx#14229,
  fixed only in releases that need Python ≥ 3.12): the Python side stems
  Latin words with the English stemmer, but the JavaScript names a
  ``ChineseStemmer`` that does not exist.  We ship the English stemmer's code
  under the name the page uses;
- the index is segmented with jieba, the query is not: 监督检查 is looked up
  as one word, which the index does not hold.  Our query splitter cuts runs of
  Chinese characters into the longest words the index knows.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sphinx.search
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

try:
    import jieba
except ImportError:  # Chinese search then indexes no Chinese: Sphinx's behaviour
    jieba = None

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"

#: Splits a query like the default splitter, then cuts each run of Han
#: characters greedily into the longest terms found in the loaded index.
SPLITTER = r"""
function splitQuery(query) {
  const index = (typeof Search !== "undefined" && Search._index) || {};
  const known = (word) =>
    (index.terms && Object.hasOwn(index.terms, word)) ||
    (index.titleterms && Object.hasOwn(index.titleterms, word));
  const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
  const result = [];
  for (const part of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    if (!part) continue;
    let last = 0;
    for (const match of part.matchAll(han)) {
      if (match.index > last) result.push(part.slice(last, match.index));
      const run = match[0];
      let start = 0;
      while (start < run.length) {
        let end = run.length;
        while (end > start + 1 && !known(run.slice(start, end))) end -= 1;
        result.push(run.slice(start, end));
        start = end;
      }
      last = match.index + run.length;
    }
    if (last < part.length) result.push(part.slice(last));
  }
  return result;
}
"""


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search with a working stemmer and a segmenting splitter.

    Sphinx also loads jieba's own default dictionary a second time, as a user
    dictionary: about two seconds a build, for the same words.  All that load
    changes is jieba's frequency total, which each word adds to once more
    (doubling it, so segmentation favours longer words).  Unless the project
    names a dictionary of its own, we skip the load and double the total: the
    same index, two seconds sooner (a test compares the two).
    """

    def __init__(self, options: dict[str, str]) -> None:
        if options.get("dict") or jieba is None:
            super().__init__(options)
            return
        super().__init__({**options, "dict": ""})
        jieba.initialize()
        if not getattr(jieba.dt, "_licence_doubled", False):
            jieba.dt.total *= 2
            jieba.dt._licence_doubled = True

    js_stemmer_rawcode = ""  # no separate file: the code is inlined below
    js_splitter_code = SPLITTER
    js_stemmer_code = "\n".join(
        [
            (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8"),
            (_MINIFIED / "english-stemmer.js").read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        ]
    )


def _quiet_jieba(_app: Sphinx) -> None:
    """jieba (which segments the index) logs to stderr unless told not to."""
    if jieba is not None:
        jieba.setLogLevel(logging.WARNING)


def setup(app: Sphinx) -> None:
    app.add_search_language(ChineseSearch)
    app.connect("builder-inited", _quiet_jieba)
