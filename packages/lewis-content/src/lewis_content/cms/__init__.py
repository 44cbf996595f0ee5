"""The Wagtail admin of the library and curation: snippet viewsets whose views save in Wagtail's
transaction and call the action that brings what readers see in step (cms/following.py)."""
