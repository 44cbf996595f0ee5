from ninja import Schema


class WorkCard(Schema):
    id: int
    slug: str
    title: str
    year: int | None
    form: str
