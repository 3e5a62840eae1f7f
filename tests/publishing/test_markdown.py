"""The descriptor's inline Markdown, as the site shows it: marks become elements, anything else stays text."""

from __future__ import annotations

from c4data.publishing.markdown import inline_html


def test_code_strong_emphasis_and_links_become_elements():
    html = inline_html("Join `measures.city_id` to **cities**, *once*; see [the keys](keys.html).")
    assert html == (
        "Join <code>measures.city_id</code> to <strong>cities</strong>, <em>once</em>; "
        'see <a href="keys.html">the keys</a>.'
    )


def test_markup_in_a_description_stays_text():
    html = inline_html('<script>x()</script> [go](javascript:alert(1)) [q](a.html"onclick=1) `<b>`')
    assert "<script>" not in html and "<a " not in html  # neither address is one a description may link to
    assert html.endswith("<code>&lt;b&gt;</code>")
