"""The functions of the evalsheet executable that ran, hottest first, from callgrind output files
(`--demangle=no`, so that the names are the linker's). scripts/hot-functions.sh writes them to
Build/hot-functions.txt, which the release build gives lld as its symbol ordering.

    python3 hot_functions.py CALLGRIND_OUT... > Build/hot-functions.txt
"""
import re
import sys

NAME = re.compile(r"^(c?ob|c?fn|c?fl|fi|fe)=\((\d+)\)(?: (.*))?$")


def self_costs(path, costs):
    """Adds each function's own instructions (not those of the functions it calls) to `costs`."""
    objects, functions = {}, {}
    current_object = current_function = None
    skip_next = False
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = NAME.match(line.rstrip("\n"))
            if match:
                kind, ident, name = match.groups()
                table = objects if kind in ("ob", "cob") else functions if kind in ("fn", "cfn") else None
                if table is not None and name:
                    table[ident] = name
                if kind == "ob":
                    current_object = objects.get(ident)
                elif kind == "fn":
                    current_function = functions.get(ident)
            elif line.startswith("calls="):
                skip_next = True   # the cost line after a call is the callee's, inclusive
            elif line[:1].isdigit() or line[:1] in "+-*":
                if skip_next:
                    skip_next = False
                    continue
                fields = line.split()
                if current_function and current_object and current_object.endswith("/evalsheet") and len(fields) >= 2:
                    costs[current_function] = costs.get(current_function, 0) + int(fields[1])


def main(paths):
    costs = {}
    for path in paths:
        self_costs(path, costs)
    for name, _ in sorted(costs.items(), key=lambda item: (-item[1], item[0])):
        print(name)


if __name__ == "__main__":
    main(sys.argv[1:])
