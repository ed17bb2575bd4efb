"""crackdown-reports: figures on the crackdowns on online-scam compounds in Cambodia, from article text to reports."""

__version__ = "0.1.0"
