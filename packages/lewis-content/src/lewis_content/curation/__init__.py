"""Curation: the Wagtail pages (theme hubs, journeys, portals: `pages.py`) and what is scheduled or
broadcast (daily drops, podcasts and their episodes: `schedule.py`)."""
