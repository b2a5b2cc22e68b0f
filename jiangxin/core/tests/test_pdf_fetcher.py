"""What a PDF may load: the app's own fonts and static files and small inline images; never
the network, another host's files or any other file on the server (WeasyPrint would otherwise
fetch a URL or attach /etc/passwd to the document)."""

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import segno
from django.conf import settings
from pypdf import PdfReader

from jiangxin.competitions.tests.conftest import final, marked, running  # noqa: F401
from jiangxin.core import pdf

STATIC_FILE = Path(settings.BASE_DIR) / "jiangxin" / "core" / "static" / "core" / "favicon.svg"


@pytest.fixture
def listener():
    """A web server on loopback that counts the requests it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/logo.png",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://fileserver/share/roster.xlsx",
        f"{STATIC_FILE.parent.as_uri()}/../../../settings.py",
        f"{pdf.FONTS.as_uri()}/../crypto.py",
        "data:text/html,<script>1</script>",
        "data:application/octet-stream;base64,AAAA",
        "data:image/png;base64," + "A" * (pdf.DATA_MAX_BYTES * 2),
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_what_is_not_the_app_s_own(url):
    with pytest.raises(pdf.ResourceRefused):
        pdf.static_only_fetcher().fetch(url)


def test_the_fetcher_serves_the_fonts_static_files_and_small_images():
    fetch = pdf.static_only_fetcher().fetch
    font = fetch((pdf.FONTS / "JiangxinSerif-Regular.woff2").as_uri())
    assert font.read() == (pdf.FONTS / "JiangxinSerif-Regular.woff2").read_bytes()
    icon = fetch(STATIC_FILE.as_uri())
    assert icon.read() == STATIC_FILE.read_bytes()
    assert icon.headers.get_content_type() == "image/svg+xml"
    qr = fetch(segno.make("https://jx.example.gov.cn/verify/x/").svg_data_uri(scale=4))
    assert qr.read().startswith(b"<svg") and qr.headers.get_content_type() == "image/svg+xml"


def test_a_document_cannot_fetch_the_network_or_attach_a_server_file(listener):
    base, hits = listener
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <link rel="attachment" href="file:///etc/passwd">
      <style>body {{ font-family: "Jiangxin Serif"; }}</style></head>
      <body><p>荣誉证书</p><img src="{base}/logo.png"><img src="file:///etc/hostname">
      <a rel="attachment" href="file:///etc/passwd">附件</a></body></html>"""
    content = pdf.render_pdf(html)
    reader = PdfReader(io.BytesIO(content))
    assert "荣誉证书" in reader.pages[0].extract_text()
    assert reader.attachments == {}
    assert b"root:" not in content
    assert hits == []


def test_a_certificate_still_prints_in_the_app_s_fonts_with_its_qr_code(final, cast, rf):  # noqa: F811
    from jiangxin.competitions import services
    from jiangxin.competitions.certificates import certificates_pdf
    from jiangxin.competitions.models import Certificate

    services.issue_certificates(by=cast["county_admin"], competition=final)
    certificate = Certificate.objects.get(name="柯宝馨")
    page = PdfReader(io.BytesIO(certificates_pdf(rf.get("/"), [certificate]))).pages[0]
    text = "".join(page.extract_text().split())
    assert "柯宝馨" in text and "一等奖" in text and certificate.display_code in text
    fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert any("Jiangxin-Serif" in name for name in fonts), fonts
    # the QR code (an inline SVG image) is drawn: strokes in its dark red, #7f1d1d
    assert b"0.498039 0.113725 0.113725 RG" in page.get_contents().get_data()
