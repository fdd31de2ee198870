-- GET /hub/api/users?limit=50 with the pagination Accept header and the admin service token.
-- wrk args: <token>
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local req

function init(args)
  req = wrk.format("GET", "/hub/api/users?limit=50", {
    Authorization = "token " .. args[1],
    Accept = "application/jupyterhub-pagination+json",
  })
end

function request()
  return req
end
