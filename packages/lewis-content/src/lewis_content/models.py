"""The corpus: Lewis's works (passages, chapters and pages grow from here)."""

from django.db import models


class Work(models.Model):
    class Form(models.TextChoices):
        BOOK = "book", "Book"
        ESSAY = "essay", "Essay"
        LETTER = "letter", "Letter"
        POEM = "poem", "Poem"
        TALK = "talk", "Talk"

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    form = models.CharField(max_length=10, choices=Form.choices, default=Form.BOOK)

    class Meta:
        ordering = ["year", "title"]

    def __str__(self) -> str:
        return self.title
