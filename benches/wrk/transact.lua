-- wrk script: TransactWriteItems of 2 Puts with the headers botocore sends, each connection cycling through its own
-- 1000 keys (as benches/http_load does). Counts every answer that is not 200.
--   wrk -t1 -c8 -d10s -s benches/wrk/transact.lua http://127.0.0.1:PORT/
-- The table Bench (pk: S) must exist first (http_load creates it; or see the README).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  n = 0
  non200 = 0
  wrk.method = "POST"
  wrk.headers["Accept-Encoding"] = "identity"
  wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.TransactWriteItems"
  wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
  wrk.headers["User-Agent"] = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.7"
  wrk.headers["X-Amz-Date"] = "20260101T000000Z"
  wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
  wrk.headers["amz-sdk-request"] = "attempt=1"
end

local function item(k, i)
  return string.format('{"pk":{"S":"w%d-k%d"},"n":{"N":"%d"},"payload":{"S":"The quick brown fox jumps over the lazy dog"}}', id, k % 1000, i)
end

function request()
  n = n + 1
  local body = string.format('{"TransactItems":[{"Put":{"TableName":"Bench","Item":%s}},{"Put":{"TableName":"Bench","Item":%s}}]}',
    item(2 * n, n), item(2 * n + 1, n))
  return wrk.format(nil, "/", nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non200") or 0)
  end
  io.write(string.format("non-200 answers: %d\n", bad))
  for _, p in ipairs({50, 99, 99.9}) do
    io.write(string.format("p%s: %.0f us\n", p, latency:percentile(p)))
  end
end
