"""The one set of HTML templates, in ``templates/``: the self-contained attempt report and batch index
(report_html.py) and the pages of ``serve`` (``templates/web/``), with the macros they share.

Python computes what is shown (spans, peaks, bands, labels); the templates do the markup. Jinja2 escapes
everything a template prints (autoescape on; the CSS and JavaScript a page inlines go in unparsed, ``inline()``),
and a name a template uses without being given it is an error, not an empty string (StrictUndefined).
"""

from __future__ import annotations

import functools
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=None)
def environment():
    """The Jinja2 environment every page is rendered with (one loader, one configuration)."""
    return make_environment(TEMPLATES_DIR)


def make_environment(folder: Path):
    import jinja2  # here, not at import time: `mock-interview --help` stays fast
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        # on for .html and .svg, and for any other name; off only for the styles and scripts a page inlines
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "svg"), disabled_extensions=("css", "js"),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,  # a line holding only a {% tag %} leaves no line in the page
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an inlined file ends as it does on disk
    )

    def inline(name: str) -> Markup:
        """A stylesheet or script as it is on disk, put in the page unparsed: a "{{" or "{#" in the JavaScript
        stays JavaScript, not template syntax (``{% include %}`` would parse it)."""
        source, _, _ = env.loader.get_source(env, name)
        for closing in ("</script", "</style"):
            if closing in source.lower():
                raise ValueError(f"{name}: holds {closing!r}, which would end the page's <script> or <style> early")
        return Markup(source)

    env.globals["inline"] = inline
    return env


def render(template: str, /, **values) -> str:
    """The template named ``template`` (a path under templates/) filled in with ``values``."""
    return environment().get_template(template).render(**values)


def macro(template: str, name: str):
    """The macro ``name`` of the template ``template``, to call from Python (it returns escaped markup)."""
    return getattr(environment().get_template(template).module, name)
