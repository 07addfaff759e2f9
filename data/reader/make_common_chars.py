"""Regenerate ``common_chars.txt``: the most frequent Han characters in simplified Chinese.

The list is what the encoding detector uses to tell GB18030 from Big5: the right
decoding of a legacy file yields mostly common characters (after t2s), the wrong
one mostly rare ones. Frequencies are the summed word counts of jieba's own
dictionary (``jieba/dict.txt``, MIT licence), so no corpus text is involved.

Run: ``.venv/bin/python data/reader/make_common_chars.py``
"""
from __future__ import annotations

import collections
import os
from pathlib import Path

TOP = 2500


def main() -> None:
    import jieba

    counts: collections.Counter[str] = collections.Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(freq)
    chars = "".join(ch for ch, _ in counts.most_common(TOP))
    out = Path(__file__).with_name("common_chars.txt")
    header = f"# The {TOP} most frequent Han characters (simplified), from jieba's dict.txt; see make_common_chars.py\n"
    body = "\n".join(chars[i:i + 50] for i in range(0, len(chars), 50))
    out.write_text(header + body + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
