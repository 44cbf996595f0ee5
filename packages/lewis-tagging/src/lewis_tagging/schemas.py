from ninja import Schema


class AxisOut(Schema):
    slug: str
    label: str
    description: str
    tag_count: int
