"""Audio readings: text-to-speech providers, where the files live, and assets keyed by content hash.

Other packages import only `lewis_audio.services`.
"""
