from ninja import Schema
from pydantic import Field


class Profile(Schema):
    id: int
    email: str
    display_name: str


class ProfileChange(Schema):
    """The fields to change; those left out keep their value."""

    display_name: str | None = Field(None, max_length=100)
