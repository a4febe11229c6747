"""Writes the malformed-input corpus (Tests/EvalSheetTests/Fixtures/corpus/): evaluations that are broken in
every way we could think of, each of which must get a clear error, never a crash, hang or partial output.
Deterministic: the same corpus on every run. Large inputs (10 MB strings, ZIP bombs) are made by the tests
themselves rather than committed."""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
seed = open(sys.argv[2], encoding="utf-8").read()
lines = seed.split("\n")
count = 0


def write(name, data):
    global count
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(out, name), mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
        handle.write(data)
    count += 1


# Truncated at many points.
for cut in range(40, len(seed), max(1, len(seed) // 40)):
    write(f"truncated-{cut:05d}.yaml", seed[:cut])
# Each line removed, one at a time (the first 60 lines: header, scores, deductions, typed).
for index in range(60):
    write(f"without-line-{index:03d}.yaml", "\n".join(lines[:index] + lines[index + 1:]))
# Wrong types and values for every score.
for index, line in enumerate(lines):
    if line.startswith("  ") and ": " in line and line.split(": ")[1].lstrip("-").replace(".", "").isdigit():
        key = line.split(":")[0].strip()
        for label, value in [("nan", ".nan"), ("inf", "-.inf"), ("huge", "1" + "0" * 40), ("text", "'seven'"),
                             ("list", "[1, 2]"), ("map", "{a: 1}"), ("null", "~"), ("exp", "1e3"), ("neg", "-99")]:
            write(f"value-{key}-{label}.yaml", "\n".join(lines[:index] + [f"  {key}: {value}"] + lines[index + 1:]))
# Structural damage.
write("empty.yaml", "")
write("only-comment.yaml", "# nothing here\n")
write("scalar.yaml", "42\n")
write("list.yaml", "- 1\n- 2\n")
write("json-array.json", "[1, 2, 3]")
write("json-broken.json", '{"form": "zhongshan-2020", "year": ')
write("binary.yaml", bytes(range(256)) * 4)
write("invalid-utf8.yaml", seed.encode("utf-8")[:200] + b"\xff\xfe\xc3\x28" + seed.encode("utf-8")[200:400])
write("utf16.yaml", seed.encode("utf-16"))
write("bom.yaml", "\ufeff" + seed.replace("pm-rules: 2", "pm-rules: 20"))
write("nul.yaml", seed[:300] + "\x00" + seed[300:])
write("tabs.yaml", seed.replace("  pm-rules", "\tpm-rules"))
write("duplicate-keys.yaml", seed.replace("scores:\n", "scores:\n  pm-rules: 1\n"))
write("unknown-fields.yaml", seed + "\nextra: 1\nmore: {a: b}\n")
write("unknown-form.yaml", seed.replace("form: zhongshan-2020", "form: nowhere"))
write("form-traversal.yaml", seed.replace("form: zhongshan-2020", "form: ../../etc"))
write("form-absolute.yaml", seed.replace("form: zhongshan-2020", "form: /etc/passwd"))
write("form-list.yaml", seed.replace("form: zhongshan-2020", "form: [a, b]"))
write("year-text.yaml", seed.replace("year: 2020", "year: soon"))
write("year-far.yaml", seed.replace("year: 2020", "year: 99999"))
write("date-text.yaml", seed.replace("date: 2021-09-27", "date: yesterday"))
write("date-feb30.yaml", seed.replace("date: 2021-09-27", "date: 2021-02-30"))
write("date-list.yaml", seed.replace("date: 2021-09-27", "date: [2021, 9, 27]"))
write("recommendation-map.yaml", seed.replace("recommendation: retain", "recommendation: {a: 1}"))
write("narrative-number.yaml", seed.replace("narrative:\n", "narrative:\n  extra: 5\n"))
write("header-list.yaml", seed.replace("header:\n", "header: [1]\nheader_old:\n"))
write("deep-flow.yaml", "form: " + "[" * 5000 + "]" * 5000 + "\n")
write("deep-block.yaml", "form:\n" + "".join("  " * i + "- \n" for i in range(2000)))
write("anchors-bomb.yaml", "form: zhongshan-2020\nyear: 2020\na0: &a0 [" + ",".join(['"lol"'] * 9) + "]\n"
      + "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]\n" for i in range(1, 12))
      + "scores: *a11\nnarrative: {overall: *a11}\n")
write("undefined-alias.yaml", seed.replace("recommendation: retain", "recommendation: *nothing"))
write("merge-key.yaml", seed.replace("scores:\n", "scores:\n  <<: {pm-rules: 1}\n"))
write("long-key.yaml", seed.replace("scores:\n", "scores:\n  " + "k" * 5000 + ": 1\n"))
write("many-keys.yaml", seed.replace("scores:\n", "scores:\n" + "".join(f"  x{i}: 1\n" for i in range(3000))))
write("weights-negative-score.yaml", seed.replace("pm-rules: 2", "pm-rules: -2"))
write("deduction-positive.yaml", seed.replace("self-evaluation: -3", "self-evaluation: 3"))
write("typed-wrong.yaml", seed.replace("total: 77", "total: 78").replace("grade: 中", "grade: 优"))
write("control-chars.yaml", seed.replace("电子政务云服务平台项目经费", "电子\x07政务\x1b[31m云"))
write("windows-newlines.yaml", seed.replace("\n", "\r\n").replace("pm-rules: 2", "pm-rules: 9"))
write("missing-everything.yaml", "form: zhongshan-2020\nyear: 2020\n")
write("csv-ragged.csv", "年度,指标编码,制度建设\n2020,1\n2020,2,3,4,5\n\"unterminated,1\n")
print(count)
