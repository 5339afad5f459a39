"""Write the sample plan 91/KH-CTĐ as .docx and .html, to look at the document engine's
output (e.g. convert the .docx with LibreOffice: soffice --headless --convert-to pdf)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from thidua.documents.docx import render_docx
from thidua.documents.html import render_html
from thidua.documents.pdf import render_pdf
from thidua.documents.samples import plan_91_kh_ctd


class Command(BaseCommand):
    help = "Ghi văn bản mẫu Kế hoạch 91/KH-CTĐ ra tệp .docx, .html và .pdf."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=".", help="thư mục ghi tệp")
        parser.add_argument("--annex", action="store_true", help="thêm phụ lục (trang ngang)")

    def handle(self, *args, out, annex, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        document = plan_91_kh_ctd(with_annex=annex)
        (folder / "sample.docx").write_bytes(render_docx(document))
        (folder / "sample.html").write_text(render_html(document), encoding="utf-8")
        (folder / "sample.pdf").write_bytes(render_pdf(document))
        self.stdout.write(f"{folder / 'sample.docx'}\n{folder / 'sample.html'}\n{folder / 'sample.pdf'}")
