-- wrk script: Cloud API template sends to cartbell-sandbox, spread over the configured
-- business numbers (wrk.numbers) and over a million recipients, so neither the per-number
-- throughput nor the pair rate is what limits the figure.
local numbers = {}
for i = 0, 39 do numbers[#numbers + 1] = "1065403522429" .. string.format("%02d", i) end
local counter = 0
local prefix = "49151"

request = function()
  counter = counter + 1
  local number = numbers[(counter % #numbers) + 1]
  local to = prefix .. string.format("%07d", (counter * 7919) % 1000000)
  local body = '{"messaging_product":"whatsapp","to":"' .. to .. '","type":"template","biz_opaque_callback_data":"j=bench;s=' ..
    counter .. '","template":{"name":"optin_confirmed","language":{"code":"en"},"components":[{"type":"body",' ..
    '"parameters":[{"type":"text","text":"Ayşe"},{"type":"text","text":"order updates"}]}]}}'
  return wrk.format("POST", "/v21.0/" .. number .. "/messages",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token"}, body)
end
