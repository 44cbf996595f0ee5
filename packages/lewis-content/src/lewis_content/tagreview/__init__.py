"""Tag review: AI drafts tags, editors review them, and publishing waits for that review.

- `drafting.py`: the pipeline (what the drafter reads, storing suggestions, failures, the queue).
- `tasks.py`: the drafting task, with retries. `actions.py`: request a draft, review tags, a tag
  changed by hand.
- `models.py`: the drafting state per passage and the gate (`publish_blocker`, `TagReviewTask`).
- `views.py`, `panels.py`, `forms.py`, `admin.py`: the review in the Wagtail admin.
"""
