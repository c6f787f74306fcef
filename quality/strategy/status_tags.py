"""How the strategy action plan tags a commitment's status, RAG rating and timescale.

The RAG tags are the same meaning, with the same look, as a PEP's RAG rating.
"""

TAGS = {
    "strategy_not_started": ("Not started", "grey"),
    "strategy_in_progress": ("In progress", "light-blue"),
    "strategy_ongoing": ("Ongoing", "blue"),
    "strategy_complete": ("Complete", "turquoise"),
    "strategy_deferred": ("Deferred", "purple"),
    "strategy_past_timescale": ("Past its timescale", "pink"),
    "rag_red": ("Red", "red"),
    "rag_amber": ("Amber", "orange"),
    "rag_green": ("Green", "green"),
}
