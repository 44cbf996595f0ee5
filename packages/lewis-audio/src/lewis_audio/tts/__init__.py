"""Text-to-speech providers; each implements `lewis_audio.types.SpeechSynthesizer`."""
