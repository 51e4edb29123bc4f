"""Defaults more than one stage agrees on, kept here so that reading them imports nothing heavy
(the CLI's options take them without importing spaCy).

>>> DEFAULT_MODEL
'en_core_web_sm'
"""

# The spaCy pipeline the rules were tuned on (`extract.nlp` checks it is the one expected).
DEFAULT_MODEL = "en_core_web_sm"
