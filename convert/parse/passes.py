"""Placeholder: replaced by the real ordered passes."""
from ..model import Article, Block, Document


def run(text: str) -> Document:
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    if not paras:
        return Document()
    return Document(articles=(Article(blocks=tuple(Block("paragraph", "".join(p.split())) for p in paras)),))
