"""Version of the extraction rules; stored with every statistic so a row says which rules made it."""

EXTRACTOR_VERSION = "rules-1.18.0"
