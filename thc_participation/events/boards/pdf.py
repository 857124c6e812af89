"""The projector wall as a PDF for the summit report (fpdf2): A3 landscape, the board's
columns side by side, each cluster as a titled region with its notes, loose notes after, every
note's full text with its dots drawn as dots and counted in words. A column longer than a page
continues on the next page, under its title again. Built by the ``board_wall_pdf`` job
(``jobs.py``), never in a request. Notes the facilitator hid (moderated) are left out."""

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from fpdf import FPDF

from ...timeutil import utcnow
from .services import exports

FONT_DIR = "/usr/share/fonts/truetype/dejavu"  # Debian's fonts-dejavu-core (every French glyph)
MARGIN = 12
GAP = 5
PAD = 2.5
NOTE_SIZE = 11
LINE = 5.2          # mm per line of note text
DOTS_LINE = 6
DOT = 1.6           # dot radius, mm
DOTS_DRAWN = 12     # more dots are written as "+N"
BRAND = (0, 0, 145)
NOTE_FILL = (255, 246, 191)
CLUSTER_FILL = (232, 237, 255)


class _Pdf(FPDF):
    def __init__(self):
        super().__init__(orientation="landscape", unit="mm", format="A3")
        self.add_font("DejaVu", "", f"{FONT_DIR}/DejaVuSans.ttf")
        self.add_font("DejaVu", "B", f"{FONT_DIR}/DejaVuSans-Bold.ttf")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.footer_text = ""

    def footer(self):
        self.set_y(-9)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(80, 80, 80)
        self.cell(0, 4, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="R")


def _blocks(column, counts):
    """What a column shows, in order: (kind, text, votes, author) with kind "cluster" (a
    region's title) or "note"."""
    blocks = []
    for group in column["groups"]:
        blocks.append(("cluster", group["cluster"].title, group["votes"], None))
        blocks += [("note", n.text, counts.get(n.id, 0), n) for n in group["notes"]]
    if column["groups"] and column["notes"]:
        blocks.append(("cluster", _("Notes non regroupées"), None, None))
    blocks += [("note", n.text, counts.get(n.id, 0), n) for n in column["notes"]]
    return blocks


def _votes_text(votes):
    return ngettext("%(num)s gommette", "%(num)s gommettes", votes)


class WallPdf:
    def __init__(self, board):
        self.board = board
        self.summary = exports.summary(board)
        self.pdf = _Pdf()
        self.pdf.footer_text = _("Atelier %(code)s · %(date)s", code=board.code,
                                 date=format_datetime(utcnow(), "d MMMM y HH:mm"))
        columns = max(len(self.summary["columns"]), 1)
        self.width = (self.pdf.w - 2 * MARGIN - (columns - 1) * GAP) / columns

    def _note_height(self, block):
        self.pdf.set_font("DejaVu", "", NOTE_SIZE)
        lines = self.pdf.multi_cell(self.width - 2 * PAD, LINE, block[1], dry_run=True,
                                    output="LINES")
        author = 1 if self._author(block) else 0
        return (len(lines) + author) * LINE + DOTS_LINE + 2 * PAD

    def _author(self, block):
        note = block[3]
        return note.participant.pseudonym if note is not None and self.board.show_authors \
            else ""

    def _height(self, block):
        return 9 if block[0] == "cluster" else self._note_height(block)

    def _header(self, first):
        pdf = self.pdf
        pdf.set_xy(MARGIN, MARGIN)
        pdf.set_text_color(*BRAND)
        pdf.set_font("DejaVu", "B", 18 if first else 12)
        pdf.multi_cell(0, 8 if first else 6, self.board.question, new_x="LMARGIN",
                       new_y="NEXT")
        if first:
            pdf.set_text_color(0, 0, 0)
            pdf.set_font("DejaVu", "", 10)
            workshop = self.board.event.title if self.board.event else _("Tableau libre")
            pdf.multi_cell(0, 5, _("%(workshop)s · code %(code)s · %(notes)s · %(people)s",
                                   workshop=workshop, code=self.board.code,
                                   notes=ngettext("%(num)s note", "%(num)s notes",
                                                  self.summary["total_notes"]),
                                   people=ngettext("%(num)s participant", "%(num)s participants",
                                                   self.summary["participants"])),
                           new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        top = pdf.get_y()
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(255, 255, 255)
        pdf.set_fill_color(*BRAND)
        for index, column in enumerate(self.summary["columns"]):
            pdf.set_xy(MARGIN + index * (self.width + GAP), top)
            pdf.cell(self.width, 8, column["title"], fill=True, align="C")
        return top + 10

    def _draw(self, block, x, y, height):
        pdf = self.pdf
        kind, text, votes, _note = block
        if kind == "cluster":
            pdf.set_fill_color(*CLUSTER_FILL)
            pdf.set_text_color(*BRAND)
            pdf.set_font("DejaVu", "B", 11)
            pdf.set_xy(x, y)
            label = text if votes is None else f"{text} ({_votes_text(votes)})"
            pdf.cell(self.width, 7, label, fill=True, border="L")
            return
        pdf.set_fill_color(*NOTE_FILL)
        pdf.set_draw_color(200, 180, 90)
        pdf.rect(x, y, self.width, height - 2, style="DF")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("DejaVu", "", NOTE_SIZE)
        pdf.set_xy(x + PAD, y + PAD)
        pdf.multi_cell(self.width - 2 * PAD, LINE, text, new_x="LEFT", new_y="NEXT")
        author = self._author(block)
        if author:
            pdf.set_x(x + PAD)
            pdf.set_text_color(70, 70, 70)
            pdf.set_font("DejaVu", "", 8)
            pdf.cell(self.width - 2 * PAD, LINE, author)
            pdf.ln(LINE)
        dots_y = pdf.get_y() + DOTS_LINE / 2
        pdf.set_fill_color(*BRAND)
        for dot in range(min(votes, DOTS_DRAWN)):
            pdf.circle(x + PAD + DOT + dot * (2 * DOT + 1), dots_y, DOT, style="F")
        pdf.set_text_color(*BRAND)
        pdf.set_font("DejaVu", "", 8)
        shown = min(votes, DOTS_DRAWN)
        more = f"+{votes - DOTS_DRAWN} " if votes > DOTS_DRAWN else ""
        pdf.set_xy(x + PAD + shown * (2 * DOT + 1) + (1 if shown else 0), dots_y - 2.5)
        pdf.cell(self.width / 2, 5, more + _votes_text(votes))

    def build(self):
        """The PDF's bytes."""
        columns = [_blocks(c, self.summary["counts"]) for c in self.summary["columns"]]
        bottom = self.pdf.h - MARGIN - 6
        # Page by page: each column takes the blocks that fit, the rest goes on the next page.
        cursors = [0] * len(columns)
        first = True
        while first or any(cursors[i] < len(blocks) for i, blocks in enumerate(columns)):
            self.pdf.add_page()
            top = self._header(first)
            page = []
            for index, blocks in enumerate(columns):
                placed, y = [], top
                while cursors[index] < len(blocks):
                    block = blocks[cursors[index]]
                    height = self._height(block)
                    if y + height > bottom and placed:
                        break  # continues on the next page (a huge note gets a page alone)
                    placed.append((block, y, height))
                    y += height
                    cursors[index] += 1
                page.append(placed)
            for index, placed in enumerate(page):
                for block, y, height in placed:
                    self._draw(block, MARGIN + index * (self.width + GAP), y, height)
            first = False
        return bytes(self.pdf.output())


def wall_pdf(board):
    return WallPdf(board).build()
