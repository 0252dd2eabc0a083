#!/usr/bin/env python3
"""Writes src/scan/sjis.bin: the Shift_JIS (JIS X 0208) double-byte table the QR scanner
uses for Kanji mode and Shift_JIS byte segments, from Python's own shift_jis codec.

Layout: lead bytes 0x81-0x9F then 0xE0-0xEF; for each, trail bytes 0x40-0xFC without
0x7F (188); each entry the UTF-16 code unit, little-endian, 0 where the pair is unassigned.
Run from the repository root; the file is committed, so this runs only to regenerate it.
"""
import struct

LEADS = list(range(0x81, 0xA0)) + list(range(0xE0, 0xF0))
TRAILS = [t for t in range(0x40, 0xFD) if t != 0x7F]

out = bytearray()
for lead in LEADS:
    for trail in TRAILS:
        try:
            ch = bytes([lead, trail]).decode("shift_jis")
        except UnicodeDecodeError:
            ch = "\0"
        assert len(ch) == 1 and ord(ch) < 0x10000
        out += struct.pack("<H", ord(ch))
with open("src/scan/sjis.bin", "wb") as f:
    f.write(out)
