"""Validates YAML evaluation files against a JSON Schema with the jsonschema package (draft 2020-12).
Usage: schema_check.py schema.json file.yaml...  Prints JSON: {file: [error messages]} (an empty list: valid).
Dates stay text, as the evaluation format reads them (PyYAML would make them date objects)."""
import json
import sys

import jsonschema
import yaml


class TextDates(yaml.SafeLoader):
    pass


TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    results = {}
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=TextDates)
        results[path] = sorted(f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
                               for error in validator.iter_errors(document))
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
