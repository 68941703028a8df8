-- wrk script: POST /webhooks/whatsapp as Meta delivers them: each body one event with a
-- wamid never sent before (run nonce, wrk thread, counter), alternating an inbound text
-- message and a "delivered" status, signed with X-Hub-Signature-256 = HMAC-SHA256 of the
-- exact body under the app secret. The HMAC comes from libsodium through LuaJIT's FFI.
-- Arguments (after --): app secret, run nonce.
local ffi = require("ffi")
ffi.cdef [[
int sodium_init(void);
size_t crypto_auth_hmacsha256_statebytes(void);
int crypto_auth_hmacsha256_init(void *state, const unsigned char *key, size_t keylen);
int crypto_auth_hmacsha256_update(void *state, const unsigned char *in, unsigned long long inlen);
int crypto_auth_hmacsha256_final(void *state, unsigned char *out);
]]
local ok, sodium = pcall(ffi.load, "libsodium.so.23")
if not ok then sodium = ffi.load("sodium") end
assert(sodium.sodium_init() >= 0, "sodium_init failed")

local secret, nonce = "", "0"
local state = ffi.new("unsigned char[?]", tonumber(sodium.crypto_auth_hmacsha256_statebytes()))
local mac = ffi.new("unsigned char[32]")
local n = 0
thread_id = "t" -- a global: setup() sets it in each thread's state

function setup(thread)
  thread:set("thread_id", "t" .. tostring(thread):gsub("[^%w]", ""))
end

function init(args)
  secret = args[1] or error("webhooks.lua: the app secret is the first argument")
  nonce = args[2] or "0"
end

local function hex(buf, len)
  local t = {}
  for i = 0, len - 1 do t[#t + 1] = string.format("%02x", buf[i]) end
  return table.concat(t)
end

local function sign(body)
  sodium.crypto_auth_hmacsha256_init(state, secret, #secret)
  sodium.crypto_auth_hmacsha256_update(state, body, #body)
  sodium.crypto_auth_hmacsha256_final(state, mac)
  return "sha256=" .. hex(mac, 32)
end

local head = '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",' ..
    '"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},'

function request()
  n = n + 1
  local wamid = "wamid.bench" .. nonce .. thread_id .. "n" .. n
  local ts = tostring(1763820000 + n)
  local value
  if n % 2 == 0 then
    value = '"contacts":[{"profile":{"name":"Bench Shopper"},"wa_id":"905321234567"}],' ..
        '"messages":[{"from":"905321234567","id":"' .. wamid .. '","timestamp":"' .. ts ..
        '","type":"text","text":{"body":"Hello, has my order shipped yet?"}}]'
  else
    value = '"statuses":[{"id":"' .. wamid .. '","status":"delivered","timestamp":"' .. ts ..
        '","recipient_id":"905321234567","biz_opaque_callback_data":"j=cart;s=2;v=B",' ..
        '"pricing":{"billable":true,"pricing_model":"PMP","category":"marketing","type":"regular"}}]'
  end
  local body = head .. value .. '}}]}]}'
  return wrk.format("POST", "/webhooks/whatsapp",
    { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = sign(body) }, body)
end
