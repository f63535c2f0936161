"""Evaluation of the ingestion assistant on articles with gold annotations (``python -m bench.ingest``).

``articles/NN-name.txt`` are short fictional news articles and interviews
written for this evaluation; ``gold/NN-name.json`` says, for each, the
metadata to draft with, every claim a curator would keep (its exact text,
speaker, kind, stance, date and figures) and the interviewer's questions.
:mod:`bench.ingest.score` compares a draft with its gold; ``__main__`` prints
the scores, and with ``--write`` puts them with the drafting speed into
BENCHMARKS.md.
"""
