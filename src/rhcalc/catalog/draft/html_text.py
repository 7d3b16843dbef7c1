"""A government web page saved from the browser → its article's text, one block per line.

Scripts, styles, navigation and footers are dropped; block elements (p, div, br, li, tr, h1–h6)
end a line, so that the text reads like the document. Where the page marks its article
(TRS_Editor, article, #zoom, .content …, as gov.cn sites do), only that part is kept.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "td", "title"}
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "form", "select", "button", "iframe", "svg", "head"}
_ARTICLE = re.compile(r"TRS_Editor|article|zoom|content|main|pages_content|detail|text", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.article: list[str] | None = None  # text inside the first article-like element
        self.depth = 0
        self.article_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCKS:
            self._newline()
        if tag == "div" or tag == "article":
            self.depth += 1
            marker = " ".join(v or "" for k, v in attrs if k in ("id", "class"))
            if self.article_depth is None and self.article is None and (tag == "article" or _ARTICLE.search(marker)):
                self.article_depth, self.article = self.depth, []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCKS:
            self._newline()
        if tag == "div" or tag == "article":
            if self.article_depth == self.depth:
                self.article_depth = None
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data)
        if self.article_depth is not None and self.article is not None:
            self.article.append(data)

    def _newline(self) -> None:
        self.parts.append("\n")
        if self.article_depth is not None and self.article is not None:
            self.article.append("\n")


def html_to_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    parser.close()
    whole = _tidy("".join(parser.parts))
    article = _tidy("".join(parser.article or []))
    # An article marker on a tiny box (a share button's div) is not the article.
    return article if article and ("。" in article or len(article) >= 0.3 * len(whole)) else whole


def _tidy(text: str) -> str:
    text = html.unescape(text).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
