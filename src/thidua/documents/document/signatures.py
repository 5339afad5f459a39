"""The signature blocks (authority, title, signer, the place left for the signature and
seal) and the recipients ("Nơi nhận:")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass
class Signature:
    """A signature block: the authority lines in capitals, bold ("TM. CỤM THI ĐUA SỐ 3",
    "CỤM TRƯỞNG" or "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), an optional italic note
    ("(Ký, ghi rõ họ tên)"), room for the signature and seal, and the signer's full name
    (bold). `position` matters when there are one or two signatures (minutes: THƯ KÝ left,
    CHỦ TỌA right)."""

    authority: list[str]
    signer: str = ""
    position: Literal["left", "right"] = "right"
    note: str = ""


@dataclass
class Recipients:
    """"Nơi nhận:" — each line printed "- <line>;" and the last "- Lưu: VT, <drafting unit>."."""

    to: list[str]
    archive: list[str] = field(default_factory=lambda: ["VT"])

    @property
    def lines(self) -> list[str]:
        out = []
        for line in self.to:
            line = line.strip().removeprefix("- ").strip()
            out.append(f"- {line}" if line.endswith((";", ":", ".")) else f"- {line};")
        out.append(f"- Lưu: {', '.join(self.archive)}.")
        return out
