"""Small sample files generated on demand (demo data, tests): an OpenDocument text, a PDF and
a French-Excel CSV, so that no binary file is committed."""

import io
import zipfile
from xml.sax.saxutils import escape

from ..csvio import write_csv
from ..dashboard.samples import pdf_bytes

_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def odt(title, paragraphs):
    """An OpenDocument text: a heading and paragraphs."""
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:text><text:h text:outline-level="1">{escape(title)}</text:h>'
        f"{body}</office:text></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype entry comes first, uncompressed: that is how readers recognise ODF.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODT_MANIFEST,
                         compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf(title, lines):
    """A one-page PDF (the dashboard's generator)."""
    return pdf_bytes(title, lines)


def csv(header, rows):
    return write_csv(rows, header)
