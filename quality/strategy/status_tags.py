"""How the strategy action plan tags a commitment's status, RAG rating and timescale.

The RAG tags (``rag_red``, ``rag_amber``, ``rag_green``) are a PEP's, registered by pep:
a RAG rating has one look everywhere.
"""

TAGS = {
    "strategy_not_started": ("Not started", "grey"),
    "strategy_in_progress": ("In progress", "light-blue"),
    "strategy_ongoing": ("Ongoing", "blue"),
    "strategy_complete": ("Complete", "turquoise"),
    "strategy_deferred": ("Deferred", "purple"),
    "strategy_past_timescale": ("Past its timescale", "pink"),
}
