-- wrk script for bench/send/run's reference: the same template bodies the engine sends,
-- posted to cartbell-sandbox over numbers and recipients that no rate limit binds (40
-- extra numbers at 1,000/s each, a million recipients), so the figure is the sandbox's raw
-- accept rate on the connections wrk keeps open.
local counter = 0
request = function()
  counter = counter + 1
  local number = "2065403522429" .. string.format("%02d", counter % 40)
  local to = "49151" .. string.format("%07d", (counter * 7919) % 1000000)
  local body = '{"messaging_product":"whatsapp","recipient_type":"individual","to":"' .. to ..
    '","type":"template","biz_opaque_callback_data":"ref:' .. counter ..
    '","template":{"name":"optin_confirmed","language":{"policy":"deterministic","code":"en"},' ..
    '"components":[{"type":"body","parameters":[{"type":"text","text":"Ayşe"},{"type":"text","text":"order updates"}]}]}}'
  return wrk.format("POST", "/v21.0/" .. number .. "/messages",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer bench-token"}, body)
end
