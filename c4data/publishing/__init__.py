"""What is made for readers: the data dictionary, generated docs, the site, ``c4data info`` and ``trace``."""
