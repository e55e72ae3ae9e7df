"""Chinese search: the shortcut around Sphinx's second dictionary load must cut
text exactly as Sphinx's own way does."""

from __future__ import annotations

import jieba
from conftest import ROOT
from licence_needs.core import loader


def test_doubling_the_total_cuts_as_loading_the_default_dictionary_again() -> None:
    sphinx_way = jieba.Tokenizer()
    sphinx_way.initialize()
    sphinx_way.load_userdict(sphinx_way.get_dict_file())
    ours = jieba.Tokenizer()
    ours.initialize()
    ours.total *= 2
    model, _ = loader.load(ROOT)
    text = "\n".join(n.text.zh for n in model.needs)
    assert len(text) > 10_000
    assert list(ours.cut_for_search(text)) == list(sphinx_way.cut_for_search(text))
