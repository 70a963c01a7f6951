#!/usr/bin/env python3
"""Checks txlab's command language against the real AWS CLI, offline.

Usage: scripts/compare-with-aws-cli.py AWS_BINARY CASES_FILE [--show] [--write GOLDEN.jsonl]
       scripts/compare-with-aws-cli.py AWS_BINARY --docs DOCS_DIR [--show] [--write GOLDEN.jsonl]

AWS_BINARY is an `aws` from `pip install awscli` (v1; v2 is not on PyPI). CASES_FILE holds one command line per
line (shell syntax; `#` comments). For each line the script runs the real `aws` against a local fake DynamoDB
endpoint that records the request, runs txlab's `cli_probe` example on the same words, and compares:
  - the request body sent (txlab's `Call.request`; the CLI's auto-generated ClientRequestToken is ignored);
  - or the error text, after mapping AWS CLI v1's presentation to v2's (v2 prints argparse errors as
    "\\n<usage>\\naws: error: ...\\n\\n" with exit code 252 where v1 prints a banner and exits 2 or 255).
A line `@RESPONSES.json | command line` also serves the listed responses (a JSON list of
{"status": 200, "body": {...}}) in order and compares what is printed: standard output exactly (timestamps as
ISO 8601 in UTC, as AWS CLI v2 prints them with TZ=UTC), the requests of every page, and the first line of a service
error (exit code 254 in v2; txlab adds its own lines after it).
Run from the repository root (relative file:// paths are resolved from there). Exit status 1 if any case differs.
With --docs, the cases are the commands of the AWS CLI documentation examples (`examples/dynamodb/*.rst` of the
awscli package), each run in a fresh folder holding the example's `Contents of ...` files, as the Rust test
tests/cli_docs.rs does.
With --write, the cases where both agree are written as golden lines ({"line": ..., "expect": ...}) for the Rust
tests (tests/cli_golden.rs), so that those tests need neither Python nor the AWS CLI.
"""
import http.server
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading

USAGE = (
    "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n"
    "To see help text, you can run:\n\n"
    "  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n"
)
REQUESTS = []
RESPONSES = []


class FakeDynamoDB(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        REQUESTS.append((self.headers.get("X-Amz-Target", ""), body.decode("utf-8")))
        response = RESPONSES.pop(0) if RESPONSES else {"status": 200, "body": {}}
        out = json.dumps(response["body"]).encode("utf-8")
        self.send_response(response.get("status", 200))
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


def v1_to_v2(stderr, rc):
    """AWS CLI v1's error output and exit code, rewritten as v2 presents them."""
    if "aws: error: " in stderr:
        message = stderr[stderr.index("aws: error: "):].rstrip("\n")
        return "\n" + USAGE + "\n" + message + "\n\n", 252
    if "Unknown options: " in stderr:
        message = stderr[stderr.index("Unknown options: "):].rstrip("\n")
        return "\n" + USAGE + "\n" + message + "\n\n", 252
    if rc == 255 and ("Error parsing parameter" in stderr or "Parameter validation failed" in stderr):
        return stderr, 252
    return stderr, rc


CONFIG = "/tmp/txlab-compare-aws-config"


def run_aws(aws, words, port, responses=None):
    REQUESTS.clear()
    RESPONSES.clear()
    RESPONSES.extend(responses or [])
    with open(CONFIG, "w") as f:
        f.write("[default]\ncli_timestamp_format = iso8601\n")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y", AWS_DEFAULT_REGION="us-east-1",
               AWS_MAX_ATTEMPTS="1", AWS_PAGER="", AWS_CONFIG_FILE=CONFIG, TZ="UTC",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    args = words[1:] if words[:1] == ["aws"] else (words if words[:1] == ["dynamodb"] else ["dynamodb"] + words)
    proc = subprocess.run([aws, "--endpoint-url", f"http://127.0.0.1:{port}"] + args, capture_output=True,
                          text=True, env=env)
    if responses is not None:
        requests = []
        for _, body in REQUESTS:
            request = json.loads(body)
            if "--client-request-token" not in words:
                request.pop("ClientRequestToken", None)
            requests.append(request)
        stderr, rc = proc.stderr, proc.returncode
        if rc == 255 and stderr.startswith("\nAn error occurred ("):
            rc = 254
        if rc == 255 and stderr.startswith("\nParameter validation failed"):
            rc = 252
        return {"kind": "output", "stdout": proc.stdout, "stderr": stderr, "exit_code": rc, "requests": requests}
    if proc.returncode == 0 and REQUESTS:
        target, body = REQUESTS[0]
        request = json.loads(body)
        if "--client-request-token" not in words:
            request.pop("ClientRequestToken", None)
        return {"kind": "call", "operation": target.split(".")[-1], "request": request}
    if proc.returncode == 0:
        return {"kind": "print", "text": proc.stdout}
    stderr, rc = v1_to_v2(proc.stderr, proc.returncode)
    return {"kind": "error", "stderr": stderr, "exit_code": rc}


def run_txlab(words, responses_file=None, repo=".", text=None):
    extra = ["--responses", os.path.join(repo, responses_file)] if responses_file else []
    probe = os.path.join(repo, "target", "debug", "examples", "cli_probe")
    command = [text] if text is not None else ["--args"] + words
    proc = subprocess.run([probe] + extra + command, capture_output=True, text=True)
    out = json.loads(proc.stdout)
    out.pop("pagination", None)
    out.pop("warnings", None)
    if out.get("kind") == "output" and out["stderr"].startswith("\nAn error occurred ("):
        # Only the AWS CLI's own line is compared; txlab's additions follow it.
        out["stderr"] = "\n".join(out["stderr"].split("\n")[:2]) + "\n"
    return out


def doc_examples(path):
    """(name, [commands], {file: content}) for each example of an .rst page (see tests/cli_docs.rs)."""
    lines = open(path).read().split("\n")
    examples = []
    current = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("**") and line.rstrip().endswith("**"):
            current = {"commands": [], "files": {}}
            examples.append(current)
        if line.rstrip().endswith("::") and not line.startswith(" "):
            block = []
            j = i + 1
            while j < len(lines) and (lines[j].strip() == "" or lines[j].startswith("    ")):
                block.append(lines[j][4:])
                j += 1
            text = "\n".join(block).strip("\n")
            if current is None:
                current = {"commands": [], "files": {}}
                examples.append(current)
            if text.startswith("aws "):
                current["commands"].append(text)
            elif "Contents of" in line and "``" in line:
                name = line.split("``")[1]
                current["files"][name] = text + "\n"
            i = j
            continue
        i += 1
    name = os.path.basename(path)
    out = []
    for n, example in enumerate(examples, 1):
        for k, command in enumerate(example["commands"], 1):
            out.append((f"docs:{name}#{n}.{k}", command, example["files"]))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    aws, cases_file = sys.argv[1], sys.argv[2]
    subprocess.run(["cargo", "build", "-q", "--example", "cli_probe"], check=True)
    show = "--show" in sys.argv
    golden = sys.argv[sys.argv.index("--write") + 1] if "--write" in sys.argv else None
    written = []
    server = http.server.HTTPServer(("127.0.0.1", 0), FakeDynamoDB)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    failures = 0
    cases = []
    if cases_file == "--docs":
        docs_dir = sys.argv[3]
        for page in sorted(os.listdir(docs_dir)):
            if page.endswith(".rst"):
                cases.extend(doc_examples(os.path.join(docs_dir, page)))
    else:
        with open(cases_file) as f:
            cases = [(l.rstrip("\n"), l.rstrip("\n"), None) for l in f
                     if l.strip() and not l.lstrip().startswith("#")]
    lines = [c[0] for c in cases]
    repo = os.getcwd()
    for line, command, files in cases:
        responses_file = None
        if command.startswith("@"):
            responses_file, command = [part.strip() for part in command[1:].split("|", 1)]
        # A shell joins backslash-newline continuations; txlab's tokenizer gets the text as it is.
        words = shlex.split(command.replace("\\\n", ""))
        responses = None
        if responses_file:
            with open(responses_file) as rf:
                responses = json.load(rf)
        if files is not None:
            # A fresh folder with the example's files, as the documentation assumes.
            folder = tempfile.mkdtemp(prefix="txlab-docs-")
            for name, content in files.items():
                with open(os.path.join(folder, name), "w") as out:
                    out.write(content)
            os.chdir(folder)
        try:
            expected = run_aws(aws, words, port, responses)
            actual = run_txlab(words, responses_file, repo, command if files is not None else None)
        finally:
            os.chdir(repo)
        same = json.dumps(expected) == json.dumps(actual)
        if not same:
            failures += 1
        elif golden:
            written.append(json.dumps({"line": line, "expect": expected}, ensure_ascii=False))
        if show or not same:
            print(("ok   " if same else "DIFF ") + line)
            if not same:
                print("  aws:   " + json.dumps(expected)[:1500])
                print("  txlab: " + json.dumps(actual)[:1500])
    print(f"{len(lines) - failures}/{len(lines)} cases agree")
    if golden:
        with open(golden, "w") as out:
            out.write("\n".join(written) + "\n")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
