-- GET /hub/api/user with one user's own API token.
-- wrk args: <user-token>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local req

function init(args)
  req = wrk.format("GET", "/hub/api/user", { Authorization = "token " .. args[1] })
end

function request()
  return req
end
