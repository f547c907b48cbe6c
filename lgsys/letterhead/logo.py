"""The letterhead's logo: a PNG or an SVG, checked before it is stored.

A PNG is recognised by its signature and must decode, within a size in pixels.
An SVG is parsed with the standard library's expat, which fetches nothing; it is
refused if it declares a DOCTYPE or entities (so no entity expansion, internal or
external), holds processing instructions, scripts, event attributes, embedded
foreign content or animations (which can rewrite a link), or refers to anything
but its own parts: every href, xlink:href, src and url(...) must be a local
"#fragment". An SVG never fetches anything, neither in the browser nor in the PDF
renderer. Its own references are counted too, so that a few kilobytes of
``<use>`` referring to ``<use>`` cannot make the PDF renderer draw billions of
shapes.
"""

import re
import warnings
from base64 import b64encode
from io import BytesIO
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 200 * 1024
MAX_PNG_SIDE = 2000  # pixels
PNG = "image/png"
SVG = "image/svg+xml"
TYPES = (PNG, SVG)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SCRIPT_ELEMENTS = {"script", "handler", "listener"}
EMBEDDING_ELEMENTS = {
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "canvas",
}
ANIMATION_ELEMENTS = {
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "set",
    "discard",
}
LINK_ATTRIBUTES = {"href", "src"}
FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")
URL_FUNCTION = re.compile(r"url\(\s*(?P<q>['\"]?)(?P<target>.*?)(?P=q)\s*\)", re.I)
# CSS that loads or could hide a load: imports, escapes (which could spell
# "url" so that the check above misses it), images given by a plain string.
CSS_REFUSED = re.compile(r"@import|\\|image-set\(|image\(|cross-fade\(", re.I)
MAX_DEPTH = 64  # nested elements
MAX_DRAWN = 20_000  # elements drawn, each reference counted as its target's parts


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"logo": ValidationError(message, code=code)})


def _shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:59] + "…"


def check_logo(data: bytes) -> str:
    """The logo's content type (``PNG`` or ``SVG``), or a ValidationError on the
    field ``logo`` saying in the user's words what is wrong with the file."""
    if len(data) > MAX_BYTES:
        raise _refuse(_("The logo is larger than 200 kB."), "too_big")
    if data.startswith(PNG_SIGNATURE):
        _check_png(data)
        return PNG
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        _check_svg(data)
        return SVG
    raise _refuse(_("The logo must be a PNG or an SVG image."), "not_image")


def data_url(organisation) -> str:
    """The organisation's logo as a data: URL for the PDF renderer ("" if none)."""
    if organisation.logo_type not in TYPES or not organisation.logo:
        return ""
    encoded = b64encode(bytes(organisation.logo)).decode("ascii")
    return f"data:{organisation.logo_type};base64,{encoded}"


# PNG -------------------------------------------------------------------------


def _check_png(data: bytes) -> None:
    unreadable = _refuse(_("The PNG file cannot be read as an image."), "bad_png")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=["PNG"]) as image:
                image.verify()  # every chunk's checksum, up to the end chunk
            with Image.open(BytesIO(data), formats=["PNG"]) as image:
                width, height = image.size
                if width > MAX_PNG_SIDE or height > MAX_PNG_SIDE:
                    raise _refuse(
                        _("The PNG image is larger than %(side)s × %(side)s pixels.")
                        % {"side": MAX_PNG_SIDE},
                        "png_too_large",
                    )
                image.load()  # decodes every pixel: a damaged file fails here
    except ValidationError:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise unreadable from None


# SVG -------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "refs")

    def __init__(self):
        self.children: list[_Node] = []
        self.refs: list[str] = []  # ids this element draws (href="#id", url(#id))


def _targets(text: str) -> list[str]:
    """The url(...) targets in ``text``; refused unless each is a #fragment."""
    found = []
    for match in URL_FUNCTION.finditer(text):
        target = match["target"].strip()
        if not FRAGMENT.fullmatch(target):
            raise _outside(target)
        found.append(target[1:])
    return found


def _outside(value: str) -> ValidationError:
    return _refuse(
        _(
            "The SVG file may not refer to anything outside itself (%(value)s): "
            "only references within the file (#…) are allowed."
        )
        % {"value": _shorten(value)},
        "svg_external",
    )


def _check_css(text: str) -> list[str]:
    if match := CSS_REFUSED.search(text):
        raise _refuse(
            _("The SVG file's styles may not contain %(what)s.") % {"what": match[0]},
            "svg_css",
        )
    return _targets(text)


class _SvgChecker:
    def __init__(self):
        self.root: _Node | None = None
        self.root_attributes: dict[str, str] = {}
        self.stack: list[_Node] = []
        self.ids: dict[str, _Node] = {}
        self.in_style = 0
        self.style_text: list[str] = []

    def parse(self, data: bytes) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.doctype
        parser.ProcessingInstructionHandler = self.instruction
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        try:
            parser.Parse(data, True)
        except expat.ExpatError:
            raise _refuse(
                _("The SVG file is not well-formed XML."), "svg_malformed"
            ) from None

    def doctype(self, *args) -> None:
        raise _refuse(
            _("The SVG file may not contain a DOCTYPE or entities."), "svg_doctype"
        )

    def instruction(self, target: str, data: str) -> None:
        raise _refuse(
            _("The SVG file may not contain processing instructions (<?%(name)s?>).")
            % {"name": _shorten(target)},
            "svg_instruction",
        )

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _sep, local = name.rpartition(" ")
        if self.root is None and (namespace, local) != (SVG_NS, "svg"):
            raise _refuse(
                _("The file is not an SVG image: its outermost element is not <svg>."),
                "not_svg",
            )
        if local in SCRIPT_ELEMENTS:
            raise _scripts(local)
        if namespace == XHTML_NS or local in EMBEDDING_ELEMENTS:
            raise _refuse(
                _("The SVG file may not embed other content (<%(name)s>).")
                % {"name": local},
                "svg_embedded",
            )
        if local in ANIMATION_ELEMENTS:
            raise _refuse(
                _("The SVG file may not contain animations (<%(name)s>).")
                % {"name": local},
                "svg_animation",
            )
        if len(self.stack) >= MAX_DEPTH:
            raise _refuse(_("The SVG image is nested too deeply."), "svg_deep")
        node = _Node()
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                raise _scripts(attribute)
            if attribute in LINK_ATTRIBUTES:
                target = value.strip()
                if not FRAGMENT.fullmatch(target):
                    raise _outside(target)
                node.refs.append(target[1:])
            elif attribute == "style":
                node.refs += _check_css(value)
            else:
                node.refs += _targets(value)
            if attribute == "id":
                self.ids.setdefault(value.strip(), node)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root, self.root_attributes = node, attributes
        self.stack.append(node)
        if local == "style":
            self.in_style += 1

    def end(self, name: str) -> None:
        self.stack.pop()
        if name.rpartition(" ")[2] == "style":
            self.in_style -= 1
            if not self.in_style:
                # A style sheet's references count as the whole image's.
                self.root.refs += _check_css("".join(self.style_text))
                self.style_text = []

    def text(self, data: str) -> None:
        if self.in_style:
            self.style_text.append(data)

    def drawn(self) -> int:
        """How many elements drawing the image takes, a reference counted as
        every element of its target; a reference cycle counts as too many."""
        cost: dict[int, int] = {}
        on_path: set[int] = set()
        stack: list[tuple[_Node, bool]] = [(self.root, False)]
        while stack:
            node, expanded = stack.pop()
            key = id(node)
            if key in cost:
                continue
            parts = node.children + [
                self.ids[ref] for ref in node.refs if ref in self.ids
            ]
            if expanded:
                on_path.discard(key)
                cost[key] = min(
                    MAX_DRAWN + 1, 1 + sum(cost[id(part)] for part in parts)
                )
                continue
            if key in on_path:
                return MAX_DRAWN + 1
            on_path.add(key)
            stack.append((node, True))
            for part in parts:
                if id(part) in on_path:
                    return MAX_DRAWN + 1
                if id(part) not in cost:
                    stack.append((part, False))
        return cost[id(self.root)]


def _scripts(name: str) -> ValidationError:
    return _refuse(
        _("The SVG file may not contain scripts or event attributes (%(name)s).")
        % {"name": name},
        "svg_script",
    )


def _check_svg(data: bytes) -> None:
    checker = _SvgChecker()
    checker.parse(data)  # a document expat accepts has a root element
    attributes = checker.root_attributes
    if "viewBox" not in attributes and not (
        "width" in attributes and "height" in attributes
    ):
        raise _refuse(
            _("The SVG image has no size: give it a viewBox, or a width and a height."),
            "svg_no_size",
        )
    if checker.drawn() > MAX_DRAWN:
        raise _refuse(
            _(
                "The SVG image is too complex: it refers to its own parts too "
                "often, or in a circle."
            ),
            "svg_complex",
        )
