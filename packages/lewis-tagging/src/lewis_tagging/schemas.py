from ninja import Schema


class AxisOut(Schema):
    slug: str
    label: str
    description: str
    ranking_weight: int
    tag_count: int
