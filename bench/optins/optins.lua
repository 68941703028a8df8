-- wrk script: POST /v1/optins with bodies that vary per request (purposes, locale, SKU,
-- page URL), as the widget sends them from a shop page (Origin of the example shop).
local purposes = { '["order_updates"]', '["offers"]', '["cart_reminders"]', '["offers","order_updates"]', '["back_in_stock"]' }
local locales = { "en", "tr" }
local n = 0
prefix = "w" -- a global: setup() sets it in each thread's state

function setup(thread)
  thread:set("prefix", "w" .. tostring(thread):gsub("[^%w]", ""))
end

function init(args)
  prefix = prefix .. (args[1] or "")
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = "https://shop.example"

function request()
  n = n + 1
  local p = purposes[n % #purposes + 1]
  local sku = ""
  if p == '["back_in_stock"]' then sku = ',"sku":"SKU-' .. (n % 997) .. '"' end
  local body = '{"shop":"demo","purposes":' .. p .. sku .. ',"locale":"' .. locales[n % 2 + 1] ..
      '","text_version":"2026-01","page_url":"https://shop.example/p/' .. prefix .. '-' .. n .. '"}'
  return wrk.format(nil, "/v1/optins", nil, body)
end
