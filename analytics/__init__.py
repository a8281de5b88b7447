"""Plan-indicator analytics: ingestion, data access and comparisons. No Streamlit here."""
