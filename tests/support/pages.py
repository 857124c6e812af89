"""Reading pages in tests as a person reads them (entities decoded)."""

import html


def text_of(response):
    return html.unescape(response.get_data(as_text=True))
