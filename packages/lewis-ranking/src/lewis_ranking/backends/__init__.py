"""Ranking backends; each implements `lewis_ranking.types.Ranker`."""
