"""Demo and benchmark corpora (`corpus.py`, words in `data.py`) and the one Zipf generator of tag
frequencies (`zipf.py`, also used by bench/ranking.py). Not part of the public surface: the
`load_demo_content` and `generate_corpus` commands run them."""
