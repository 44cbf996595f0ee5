"""Tag drafters; each implements `lewis_tagging.types.TagDrafter`."""
