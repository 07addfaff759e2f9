"""The NLP stage: a spaCy pipeline of small rule-based components.

Article text → ``Doc`` → candidate spans (places, persons, organizations,
initiatives) → resolved entities → relations and metrics. ``make_nlp`` builds the
pipeline; ``kg.nlp.extract`` turns a processed ``Doc`` into an ``Extraction``.
"""
