"""Presentation helpers shared by app.py and pages/: UI strings, URL state, chart builders.

ui.i18n and ui.charts are plain Python (no Streamlit) so tests can call them directly;
ui.chrome and ui.components hold the few Streamlit snippets every page repeats.
"""
