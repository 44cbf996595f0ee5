"""Adapters from events that have no other hook (Wagtail writing passages, works and pages;
lewis_tagging's and lewis_audio's announcements) to the rooms' actions (`signals.py`)."""
