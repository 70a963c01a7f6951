#!/usr/bin/env python3
"""Trim botocore's DynamoDB service model to what txlab's command language needs.

Usage: scripts/trim-model.py BOTOCORE_DATA_DIR > assets/dynamodb-model.json

BOTOCORE_DATA_DIR is botocore's `data/dynamodb/2012-08-10` folder (for example from `pip install awscli`:
`.../site-packages/awscli/botocore/data/dynamodb/2012-08-10`). The output keeps, for the operations txlab
supports, every shape reachable from their input, output and error shapes, with the traits the AWS CLI uses
(member order, required, min, max, enum, idempotencyToken, exception), a one-sentence plain-text summary of each
documentation string (for help and completion hints), and the paginator configuration. The botocore model is
Apache-2.0 licensed (Amazon.com, Inc. or its affiliates).
"""
import html
import json
import os
import re
import sys

OPERATIONS = [
    "CreateTable", "DeleteTable", "DescribeTable", "ListTables", "PutItem", "GetItem", "UpdateItem",
    "DeleteItem", "Scan", "Query", "TransactWriteItems", "TransactGetItems",
]
SHAPE_TRAITS = ["type", "required", "min", "max", "enum", "exception", "union", "document", "deprecated"]
MEMBER_TRAITS = ["idempotencyToken", "deprecated", "jsonvalue"]


def summary(doc):
    """First sentence of an HTML documentation string, as plain text."""
    if not doc:
        return None
    text = re.sub(r"<[^>]+>", " ", doc)
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def main(data_dir):
    with open(os.path.join(data_dir, "service-2.json")) as f:
        model = json.load(f)
    with open(os.path.join(data_dir, "paginators-1.json")) as f:
        paginators = json.load(f)["pagination"]
    shapes = model["shapes"]
    keep = []
    seen = set()

    def visit(name):
        # Iterative walk: the AttributeValue shapes are recursive.
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            keep.append(current)
            shape = shapes[current]
            refs = [m["shape"] for m in shape.get("members", {}).values()]
            refs += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
            stack.extend(reversed(refs))

    operations = {}
    for op_name in OPERATIONS:
        op = model["operations"][op_name]
        out = {"name": op_name}
        for part in ("input", "output"):
            if part in op:
                out[part] = {"shape": op[part]["shape"]}
                visit(op[part]["shape"])
        out["errors"] = [e["shape"] for e in op.get("errors", [])]
        for error in out["errors"]:
            visit(error)
        doc = summary(op.get("documentation"))
        if doc:
            out["documentation"] = doc
        operations[op_name] = out

    trimmed_shapes = {}
    for name in sorted(keep):
        shape = shapes[name]
        out = {k: shape[k] for k in SHAPE_TRAITS if k in shape}
        for k in ("member", "key", "value"):
            if k in shape:
                out[k] = {"shape": shape[k]["shape"]}
        if "members" in shape:
            members = {}
            for member_name, member in shape["members"].items():
                m = {"shape": member["shape"]}
                m.update({k: member[k] for k in MEMBER_TRAITS if k in member})
                doc = summary(member.get("documentation"))
                if doc:
                    m["documentation"] = doc
                members[member_name] = m
            out["members"] = members
        doc = summary(shape.get("documentation"))
        if doc and "members" not in shape:
            out["documentation"] = doc
        trimmed_shapes[name] = out

    # The other operations' command names, so that txlab can say it does not run them (rather than that they
    # do not exist). botocore's xform_name(name, '-') for these names is the simple CamelCase split.
    others = sorted(
        re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", re.sub(r"(.)([A-Z][a-z]+)", r"\1-\2", name)).lower()
        for name in model["operations"]
        if name not in OPERATIONS
    )
    result = {
        "source": "botocore data/dynamodb/2012-08-10/service-2.json and paginators-1.json (Apache-2.0), "
        "trimmed by scripts/trim-model.py",
        "metadata": model["metadata"],
        "operations": operations,
        "pagination": {k: v for k, v in paginators.items() if k in OPERATIONS},
        "other_operations": others + ["wait"],
        "shapes": trimmed_shapes,
    }
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
