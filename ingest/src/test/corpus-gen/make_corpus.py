#!/usr/bin/env python3
"""Writes ingest/src/test/resources/hostile-corpus: one file per hostile body and index.tsv with what
ingest must answer (run from the repository root; deterministic). HostileCorpusIT posts every file.
index.tsv columns: file, Content-Encoding (- for none), status, then the error code or accepted/duplicates/rejected."""
import gzip, io, os, random

OUT = "ingest/src/test/resources/hostile-corpus"
rows = []
n = [0]

def ev(i, extra=""):
    return ('{"log_id":"c%s","data":{"type":"f","date":"2026-11-27T10:15:30.123Z","ip":"203.0.113.7"%s}}' % (i, extra)).encode()

def add(name, body, status, expect, enc="-"):
    n[0] += 1
    f = "%03d-%s.bin" % (n[0], name)
    with open(os.path.join(OUT, f), "wb") as fh:
        fh.write(body)
    rows.append("\t".join([f, enc, str(status), expect]))

def uid():
    return "%03d" % (n[0] + 1)

def gz(b):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as g:
        g.write(b)
    return out.getvalue()

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))

# 1. Other encodings: refused whole.
for enc in ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32-be", "utf-32"]:
    for layout in ["array", "object", "lines", "spaced-array"]:
        u = uid()
        a, b = ev(u + "a").decode(), ev(u + "b").decode()
        text = {"array": "[%s,%s]" % (a, b), "object": a, "lines": a + "\n" + b + "\n", "spaced-array": "  [%s]" % a}[layout]
        add("%s-%s" % (enc, layout), text.encode(enc), 400, "unparseable-body")
add("utf8-bom-then-utf16", b"\xef\xbb\xbf" + ev("x").decode().encode("utf-16-le"), 400, "unparseable-body")

# 2. Invalid UTF-8 inside one event that Jackson's decoder lets through: that event alone is dead-lettered.
lax = {"overlong-2-c0": b"\xc0\xaf", "overlong-2-c1": b"\xc1\xbf", "overlong-3": b"\xe0\x80\xaf", "overlong-4": b"\xf0\x80\x80\xaf",
       "cesu-high-surrogate": b"\xed\xa0\x80", "cesu-low-surrogate": b"\xed\xbf\xbf", "cesu-pair": b"\xed\xa0\xbd\xed\xb8\x80",
       "above-10ffff": b"\xf4\x90\x80\x80", "lead-f5": b"\xf5\x80\x80\x80", "lead-f6": b"\xf6\x80\x80\x80", "lead-f7": b"\xf7\xbf\xbf\xbf"}
for name, seq in lax.items():
    u = uid()
    bad = ev(u + "bad", ',"x":"') + b""
    bad = ev(u + "bad").replace(b'"ip"', b'"x":"' + seq + b'","ip"')
    add("lines-" + name, ev(u + "ok") + b"\n" + bad + b"\n", 200, "1/0/1")
    u = uid()
    bad = ev(u + "bad").replace(b'"ip"', b'"x":"' + seq + b'","ip"')
    add("array-" + name, b"[" + ev(u + "ok") + b"," + bad + b"]", 200, "1/0/1")
    u = uid()
    bad = ev(u + "bad").replace(b'"ip"', b'"x":"' + seq + b'","ip"')
    add("object-" + name, bad, 200, "0/0/1")
# Bytes Jackson refuses itself: one bad line of JSON Lines, a broken array.
strict = {"lead-f8": b"\xf8\x88\x80\x80\x80", "lead-fc": b"\xfc\x84\x80\x80\x80\x80", "byte-ff": b"\xff", "byte-fe": b"\xfe",
          "lone-continuation": b"\x80", "bad-continuation": b"\xc3\x28", "truncated-sequence": b"\xe2\x82", "nul-in-string": b"\x00",
          "control-char": b"\x01", "latin1-e9": b"\xe9"}
for name, seq in strict.items():
    u = uid()
    bad = ev(u + "bad").replace(b'"ip"', b'"x":"' + seq + b'","ip"')
    add("lines-" + name, ev(u + "ok") + b"\n" + bad + b"\n", 200, "1/0/1")
    u = uid()
    bad = ev(u + "bad").replace(b'"ip"', b'"x":"' + seq + b'","ip"')
    add("array-" + name, b"[" + ev(u + "ok") + b"," + bad + b"]", 400, "unparseable-body")

# 3. Truncations.
u = uid()
whole = b"[" + ev(u + "a") + b"," + ev(u + "b") + b"]"
for k in [1, 2, 10, 40, 80, 120, 150, len(whole) // 2, len(whole) - 2, len(whole) - 1]:
    add("array-truncated-at-%d" % k, whole[:k], 400, "unparseable-body")
for k in [1, 5, 20, 60, 80]:
    u = uid()
    add("lines-last-truncated-at-%d" % k, ev(u + "ok") + b"\n" + ev(u + "cut")[:k], 200, "1/0/1")
for k in [1, 5, 30, 80]:
    u = uid()
    add("object-truncated-at-%d" % k, ev(u)[:k], 400, "unparseable-body")

# 4. Nesting.
for depth in [100, 1001, 5000, 100000]:
    add("array-nested-%d" % depth, b"[" * depth + b"]" * depth, 200 if depth <= 1000 else 400,
        "0/0/1" if depth <= 1000 else "unparseable-body")
for depth in [33, 40, 500]:
    u = uid()
    deep = ev(u + "deep").replace(b'"ip"', b'"x":' + b"[" * depth + b"]" * depth + b',"ip"')
    add("lines-event-nested-%d" % depth, ev(u + "ok") + b"\n" + deep + b"\n", 200, "1/0/1")
u = uid()
deep = ev(u + "deep").replace(b'"ip"', b'"x":' + b'{"a":' * 40 + b"1" + b"}" * 40 + b',"ip"')
add("array-event-objects-nested-40", b"[" + ev(u + "ok") + b"," + deep + b"]", 200, "1/0/1")

# 5. Sizes: huge strings, numbers, names.
# HostileCorpusIT sets ingest.max-event-bytes to 131072, so that these files stay small.
for name, piece, ok in [("string-140k", b'"' + b"A" * 140000 + b'"', False), ("string-100k", b'"' + b"A" * 100000 + b'"', True),
                        ("number-2000-digits", b"9" * 2000, False), ("number-900-digits", b"9" * 900, True),
                        ("float-exponent-huge", b"1e999999999", True), ("negative-zero", b"-0.0", True),
                        ("fraction-2000-digits", b"0." + b"1" * 2000, False)]:
    u = uid()
    e = ev(u + "big").replace(b'"ip"', b'"x":' + piece + b',"ip"')
    add("lines-" + name, ev(u + "ok") + b"\n" + e + b"\n", 200, "2/0/0" if ok else "1/0/1")
u = uid()
add("event-over-max-event-bytes", ev(u + "ok") + b"\n" + ev(u + "huge").replace(b'"ip"', b'"pad":"' + b"B" * 150000 + b'","ip"') + b"\n",
    200, "1/0/1")
u = uid()
add("field-name-60k", ev(u + "ok") + b"\n" + ev(u + "name").replace(b'"ip"', b'"' + b"n" * 60000 + b'":1,"ip"') + b"\n", 200, "1/0/1")

# 6. Duplicate keys.
for name, a, b in [("log_id", b'"log_id":"X1",', b'"log_id":"X2",'), ("data", b'"data":{},', b''), ("type", b'', b'')]:
    u = uid()
    if name == "log_id":
        bad = b'{"log_id":"c%sd","log_id":"c%se","data":{"type":"f","date":"2026-11-27T10:15:30Z"}}' % (u.encode(), u.encode())
    elif name == "data":
        bad = b'{"log_id":"c%sd","data":{},"data":{"type":"f","date":"2026-11-27T10:15:30Z"}}' % u.encode()
    else:
        bad = b'{"log_id":"c%sd","data":{"type":"f","type":"s","date":"2026-11-27T10:15:30Z"}}' % u.encode()
    add("lines-duplicate-" + name, ev(u + "ok") + b"\n" + bad + b"\n", 200, "1/0/1")
    u2 = uid()
    add("array-duplicate-" + name, b"[" + ev(u2 + "ok") + b"," + bad.replace(u.encode(), u2.encode()) + b"]", 200, "1/0/1")
u = uid()
add("array-same-event-twice", b"[" + ev(u) + b"," + ev(u) + b"]", 200, "1/1/0")

# 7. Envelope violations (one bad line beside a good one).
violations = {
    "no-log-id": b'{"data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "empty-log-id": b'{"log_id":"","data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "numeric-log-id": b'{"log_id":7,"data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "null-log-id": b'{"log_id":null,"data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "log-id-600-bytes": b'{"log_id":"' + b"L" * 600 + b'","data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "no-data": b'{"log_id":"nd-LID"}',
    "data-is-string": b'{"log_id":"ds-LID","data":"x"}',
    "no-type": b'{"log_id":"nt-LID","data":{"date":"2026-11-27T10:15:30Z"}}',
    "numeric-type": b'{"log_id":"nu-LID","data":{"type":1,"date":"2026-11-27T10:15:30Z"}}',
    "no-date": b'{"log_id":"nd2-LID","data":{"type":"f"}}',
    "date-without-zone": b'{"log_id":"dz-LID","data":{"type":"f","date":"2026-11-27T10:15:30"}}',
    "date-garbage": b'{"log_id":"dg-LID","data":{"type":"f","date":"yesterday"}}',
    "date-month-13": b'{"log_id":"dm-LID","data":{"type":"f","date":"2026-13-27T10:15:30Z"}}',
    "date-epoch-number": b'{"log_id":"de-LID","data":{"type":"f","date":1700000000}}',
    "inner-log-id-differs": b'{"log_id":"ia-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z","log_id":"other"}}',
    "top-level-array-line": b'[1,2,3]',
    "top-level-number": b'42',
    "top-level-string": b'"text"',
    "top-level-null": b'null',
    "top-level-true": b'true',
    "trailing-content": b'{"log_id":"tc-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z"}} {"x":1}',
    "single-quotes": b"{'log_id':'sq','data':{}}",
    "trailing-comma": b'{"log_id":"tr-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z"},}',
    "comment": b'{"log_id":"cm-LID", /* c */ "data":{"type":"f","date":"2026-11-27T10:15:30Z"}}',
    "nan": b'{"log_id":"na-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z","x":NaN}}',
    "unquoted-key": b'{log_id:"uq","data":{}}',
    "escaped-nul": b'{"log_id":"en-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z","x":"\\u0000"}}',
    "lone-surrogate-escape": b'{"log_id":"ls-LID","data":{"type":"f","date":"2026-11-27T10:15:30Z","x":"\\ud800"}}',
}
ok_escapes = {"escaped-nul", "lone-surrogate-escape"}  # valid JSON text, and the envelope does not look inside strings
for name, bad in violations.items():
    u = uid()
    bad = bad.replace(b"LID", u.encode())
    add("lines-" + name, ev(u + "ok") + b"\n" + bad + b"\n", 200, "2/0/0" if name in ok_escapes else "1/0/1")
for name in ["no-log-id", "numeric-log-id", "no-date", "date-without-zone", "top-level-number", "top-level-null",
             "inner-log-id-differs", "log-id-600-bytes", "escaped-nul"]:
    u = uid()
    bad = violations[name].replace(b"LID", u.encode())
    add("array-" + name, b"[" + ev(u + "ok") + b"," + bad + b"]", 200, "2/0/0" if name in ok_escapes else "1/0/1")
for name in ["single-quotes", "trailing-comma", "comment", "nan", "unquoted-key"]:
    u = uid()
    bad = violations[name].replace(b"LID", u.encode())
    add("array-" + name, b"[" + ev(u + "ok") + b"," + bad + b"]", 400, "unparseable-body")

# 8. Layouts and whitespace.
u = uid()
add("crlf-lines", ev(u + "a") + b"\r\n" + ev(u + "b") + b"\r\n", 200, "2/0/0")
u = uid()
add("bom-lines", b"\xef\xbb\xbf" + ev(u + "a") + b"\n" + ev(u + "b"), 200, "2/0/0")
u = uid()
add("blank-lines-between", b"\n\n" + ev(u + "a") + b"\n \t \n" + ev(u + "b") + b"\n\n", 200, "2/0/0")
u = uid()
add("pretty-object", b'{\n  "log_id": "c%s",\n  "data": {\n    "type": "f",\n    "date": "2026-11-27T10:15:30Z"\n  }\n}\n' % u.encode(), 200, "1/0/0")
u = uid()
add("array-then-lines", b"[" + ev(u + "a") + b"]\n" + ev(u + "b") + b"\n", 400, "unparseable-body")
u = uid()
add("lines-with-an-array-line", ev(u + "a") + b"\n[" + ev(u + "b") + b"]\n", 200, "1/0/1")
u = uid()
add("two-objects-one-line", ev(u + "a") + ev(u + "b") + b"\n", 400, "unparseable-body")
u = uid()
add("object-then-garbage-line", ev(u + "a") + b"\n<html>\n", 200, "1/0/1")
add("empty", b"", 400, "empty-body")
add("whitespace", b" \r\n\t\n ", 400, "empty-body")
add("only-bom", b"\xef\xbb\xbf", 400, "empty-body")
add("empty-array", b"[]", 200, "0/0/0")
add("array-of-arrays", b"[[1],[2],[]]", 200, "0/0/3")
add("html", b"<html><body>hi</body></html>", 400, "unparseable-body")
add("xml", b'<?xml version="1.0"?><a/>', 400, "unparseable-body")
add("form", b"log_id=a&data=b", 400, "unparseable-body")
add("no-line-is-json", b"{oops\n{still oops\n", 400, "unparseable-body")
add("lone-open-brace", b"{", 400, "unparseable-body")
add("lone-close-bracket", b"]", 400, "unparseable-body")

# 9. Random bytes (seeded): none starts with { or [, so all are refused whole.
rnd = random.Random(12)
for i in range(15):
    b = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400)))
    while b[:1] in (b"{", b"[") or not b.strip(b" \t\r\n") or b.lstrip(b" \t\r\n")[:1] in (b"{", b"[") or b.startswith(b"\xef\xbb\xbf"):
        b = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400)))
    add("random-%02d" % i, b, 400, "unparseable-body")

# 10. Gzip tricks.
u = uid()
add("gzip-valid", gz(ev(u + "a") + b"\n" + ev(u + "b")), 200, "2/0/0", "gzip")
u = uid()
add("gzip-two-members", gz(ev(u + "a") + b"\n") + gz(ev(u + "b") + b"\n"), 200, "2/0/0", "gzip")
u = uid()
add("gzip-header-on-plain", ev(u), 400, "invalid-gzip", "gzip")
u = uid()
add("gzip-truncated", gz(ev(u + "a") + b"\n" + ev(u + "b"))[:40], 400, "invalid-gzip", "gzip")
u = uid()
g = bytearray(gz(ev(u)))
g[-6] ^= 0xFF  # CRC
add("gzip-bad-crc", bytes(g), 400, "invalid-gzip", "gzip")
u = uid()
add("gzip-twice", gz(gz(ev(u))), 400, "unparseable-body", "gzip")
u = uid()
add("gzip-of-utf16", gz(ev(u).decode().encode("utf-16-le")), 400, "unparseable-body", "gzip")
u = uid()
add("gzip-of-overlong", gz(ev(u + "ok") + b"\n" + ev(u + "bad").replace(b'"ip"', b'"x":"\xc0\xaf","ip"')), 200, "1/0/1", "gzip")
add("gzip-bomb-40m", gz(b" " * (40 << 20)), 413, "body-too-large", "gzip")
add("gzip-empty", gz(b""), 400, "empty-body", "gzip")
add("x-gzip-valid", gz(ev(uid())), 200, "1/0/0", "x-gzip")
add("brotli-declared", ev(uid()), 415, "unsupported-content-encoding", "br")

# 11. Limits on counts (HostileCorpusIT sets max-events-per-request 1000, max-rejected-per-request 500).
u = uid()
add("1001-events", b"\n".join(b'{"log_id":"c%s-%d","data":{"type":"f","date":"2026-11-27T10:15:30Z"}}' % (u.encode(), i) for i in range(1001)),
    413, "too-many-events")
u = uid()
add("501-rejected", ev(u) + b"\n" + b"\n".join(b"%d" % i for i in range(501)), 400, "too-many-rejected")
u = uid()
add("500-rejected", ev(u) + b"\n" + b"\n".join(b"%d" % i for i in range(500)), 200, "1/0/500")

with open(os.path.join(OUT, "index.tsv"), "w") as fh:
    fh.write("# file\tcontent-encoding\tstatus\terror code, or accepted/duplicates/rejected\n")
    fh.write("\n".join(rows) + "\n")
print(len(rows), "inputs")
