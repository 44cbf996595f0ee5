from ninja import Schema


class Profile(Schema):
    id: int
    email: str
    display_name: str
