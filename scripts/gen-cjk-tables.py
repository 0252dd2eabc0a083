#!/usr/bin/env python3
"""Writes the double-byte tables the QR scanner decodes CJK text with, from Python's own
codecs. The files are committed; this runs only to regenerate them (from the repo root).

src/scan/sjis.bin: Shift_JIS (JIS X 0208), for Kanji mode and Japanese byte segments.
  Lead bytes 0x81-0x9F then 0xE0-0xEF; for each, trail bytes 0x40-0xFC without 0x7F (188).
src/scan/gb2312.bin: GB 2312, for Hanzi mode and ECI 29.
  Lead bytes 0xA1-0xF7; for each, trail bytes 0xA1-0xFE (94).
Each entry is the UTF-16 code unit, little-endian, 0 where the pair is unassigned.
"""
import struct


def table(path, codec, leads, trails):
    out = bytearray()
    for lead in leads:
        for trail in trails:
            try:
                ch = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                ch = "\0"
            assert len(ch) == 1 and ord(ch) < 0x10000
            out += struct.pack("<H", ord(ch))
    with open(path, "wb") as f:
        f.write(out)


table("src/scan/sjis.bin", "shift_jis",
      list(range(0x81, 0xA0)) + list(range(0xE0, 0xF0)),
      [t for t in range(0x40, 0xFD) if t != 0x7F])
table("src/scan/gb2312.bin", "gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
