-- GET /hub/api/users/{name} with the admin service token, cycling through the seeded users.
-- wrk args: <token> <user-prefix> <user-count>   (users are <prefix><5-digit index>)
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local token, prefix, count, i

function init(args)
  token, prefix, count = args[1], args[2], tonumber(args[3])
  i = math.random(count) - 1
end

function request()
  i = (i + 1) % count
  return wrk.format("GET", string.format("/hub/api/users/%s%05d", prefix, i),
    { Authorization = "token " .. token })
end
