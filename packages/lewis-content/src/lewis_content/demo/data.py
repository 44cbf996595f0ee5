"""The demo corpus's fixed vocabulary: works, registers and a taxonomy of 150+ tags.

Titles and years are bibliographic facts; every passage text is generated (see corpus.py).
"""

REGISTERS = [
    ("reflective", "Reflective", "Quiet, inward, meditative."),
    ("imaginative", "Imaginative", "Story, myth and image."),
    ("argumentative", "Argumentative", "Reasoned case-making."),
    ("devotional", "Devotional", "Prayer and worship."),
]

# slug, title, year, form, audio allowed, share of the corpus
WORKS = [
    ("the-pilgrims-regress", "The Pilgrim's Regress", 1933, "book", True, 6),
    ("out-of-the-silent-planet", "Out of the Silent Planet", 1938, "book", True, 7),
    ("the-problem-of-pain", "The Problem of Pain", 1940, "book", True, 8),
    ("the-weight-of-glory", "The Weight of Glory", 1941, "talk", True, 4),
    ("the-screwtape-letters", "The Screwtape Letters", 1942, "letter", True, 10),
    ("meditation-in-a-toolshed", "Meditation in a Toolshed", 1945, "essay", True, 2),
    (
        "the-lion-the-witch-and-the-wardrobe",
        "The Lion, the Witch and the Wardrobe",
        1950,
        "book",
        False,
        9,
    ),
    ("mere-christianity", "Mere Christianity", 1952, "book", True, 12),
    ("surprised-by-joy", "Surprised by Joy", 1955, "book", True, 9),
    ("till-we-have-faces", "Till We Have Faces", 1956, "book", True, 8),
    ("the-four-loves", "The Four Loves", 1960, "book", True, 9),
    ("a-grief-observed", "A Grief Observed", 1961, "book", True, 6),
    ("letters-to-malcolm", "Letters to Malcolm", 1964, "letter", True, 6),
    ("poems", "Poems", 1964, "poem", True, 3),
]
EDITORIAL_WORK = ("the-lewis-reader-notes", "Notes from The Lewis Reader", 2026, "essay", True, 3)
EDITORIAL_AUTHORS = ["Ruth Pevensie", "Arthur Greeves", "Owen Barfield Jr."]

THEMES = """grief, joy, pride, humility, love, friendship, affection, charity, eros, doubt,
faith, hope, longing, despair, forgiveness, temptation, obedience, freedom, suffering, pain,
death, heaven, hell, glory, beauty, truth, reason, imagination, myth, conscience, morality,
virtue, courage, chastity, prayer, worship, praise, repentance, grace, mercy, justice, vanity,
envy, greed, gluttony, sloth, anger, patience, gratitude, wonder, loneliness, belonging, home,
time, eternity, nature, science, progress, education, vocation, work, rest, marriage, family,
fear, anxiety, comfort, sacrifice, self, community, culture, art, literature, memory, change,
silence, solitude, trust, surrender, identity, desire""".replace("\n", " ")

MOTIFS = """the lion, the wardrobe, the lamp-post, shadowlands, the far country, the island,
the door, the river, the wood between the worlds, the stone table, the mirror, the veil,
the dance, the feast, the garden, the apple, the dragon, the witch, the throne, the crown,
the road, the mountain, the sea, the star, the morning, the winter, the spring thaw,
the house, the inn, the school, the war, the letter, the tutor, the devil, the angel,
the wound, the mask, the face, the well, the tree, the sword, the ship, the music,
the book, the toolshed, the sunbeam, the bright shadow, the northernness, the voice,
the child, the old man, the beast""".replace("\n", " ")

LIFE_STAGES = """childhood, adolescence, student, first job, early adulthood, engagement,
newly married, new parent, raising children, empty nest, midlife, caregiving, illness,
bereavement, widowhood, divorce, unemployment, retirement, old age, dying, conversion,
doubting season, new believer, ministry, exile, recovery, friendship lost""".replace("\n", " ")

OPENINGS = [
    "It is a strange thing that",
    "We are apt to forget that",
    "I think it certain that",
    "There is, I suppose, a sense in which",
    "Nothing is more common than to find that",
    "The older I grow, the more I see that",
    "One must never suppose that",
    "It would be quite wrong to say that",
]
CONNECTIONS = [
    "has more to do with",
    "is never far from",
    "is the very shape of",
    "turns out to be a door into",
    "is at bottom a kind of",
    "cannot be understood without",
]
CLOSINGS = [
    "and that, I think, is where the real trouble begins.",
    "which is exactly what the old writers meant.",
    "though few of us would put it so plainly.",
    "and we had better face it.",
    "as anyone who has tried it knows.",
    "and the rest follows from that.",
]
