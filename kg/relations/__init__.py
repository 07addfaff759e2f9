"""Relations and numbers: rule-based extractors over resolved entities, each fact with evidence."""
