"""The desk's web pages, one module per screen; articles.py holds the article pages, which show claims."""
