"""The draft assistant: read a report and propose every candidate fact with its verbatim span.

``c4data.draft(text)`` is the public entry; this package holds its parts, one job a module:
``deps`` (the optional libraries), ``text`` (simplified matching text with unchanged offsets),
``segment`` (jieba), ``numerals``, ``gazetteer`` and one module per candidate kind, ``facts`` (what the
package's tables hold), ``link`` (which row holds a candidate) and ``render`` (text and JSON).
"""
