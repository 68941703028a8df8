-- wrk script: HTTP/1.1 pipelining. Each write carries `depth` GETs of the URL (default 16),
-- so wrk's own cost per request falls to a fraction of the server's and a 2-core machine
-- has most of its second core left for the server. Usage: wrk -s pipeline.lua URL -- DEPTH
local batch

function init(args)
  local depth = tonumber(args[1]) or 16
  local requests = {}
  for i = 1, depth do requests[i] = wrk.format(nil) end
  batch = table.concat(requests)
end

function request()
  return batch
end
